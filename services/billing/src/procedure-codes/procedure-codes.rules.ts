import { CPT_CODE, HCPCS_LEVEL_II_CODE, isPlaceholderProcedureCode, normalizeProcedureCode } from '@clinic-flow/code-sets';
import { ISO_DATE } from '@clinic-flow/contracts';

/** One code of an imported file. */
export interface ImportedCode {
  code: string;
  description: string;
  placeholder: boolean;
  effectiveFrom?: string;
  effectiveTo?: string;
}

export interface ParsedCodeFile {
  codes: ImportedCode[];
  /** Problems by line (1-based), each saying what to fix. */
  problems: Array<{ line: number; message: string }>;
}

export const MAX_IMPORT_LINES = 20_000;

/** Splits one CSV line (quotes around a field with commas; "" inside quotes is a quote). */
function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * Reads a licensed CPT file (or a file of placeholders): one code a line, `code<TAB>descriptor` or
 * `code,descriptor`, optional effective-from and effective-to columns (YYYY-MM-DD). A first line
 * that is not a code is a header and skipped; blank lines are skipped. A code must be CPT-shaped
 * or a placeholder (X and four digits, flagged `placeholder`); HCPCS Level II codes are refused
 * (they come with the code set, not a CPT licence). Any problem refuses the whole file.
 */
export function parseCodeFile(content: string): ParsedCodeFile {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const codes: ImportedCode[] = [];
  const problems: ParsedCodeFile['problems'] = [];
  const seen = new Map<string, number>();
  let firstLine = true;
  if (lines.length > MAX_IMPORT_LINES + 1) problems.push({ line: MAX_IMPORT_LINES + 1, message: `at most ${MAX_IMPORT_LINES} codes in one file; split it` });
  lines.slice(0, MAX_IMPORT_LINES + 1).forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    const fields = (raw.includes('\t') ? raw.split('\t') : splitCsv(raw)).map((f) => f.trim());
    const code = normalizeProcedureCode(fields[0] ?? '');
    const looksLikeCode = CPT_CODE.test(code) || isPlaceholderProcedureCode(code) || HCPCS_LEVEL_II_CODE.test(code);
    const header = firstLine && !looksLikeCode;
    firstLine = false;
    if (header) return;
    if (HCPCS_LEVEL_II_CODE.test(code)) return void problems.push({ line, message: `${code} is a HCPCS Level II code: those ship with the code set, not a CPT file` });
    if (!CPT_CODE.test(code) && !isPlaceholderProcedureCode(code)) return void problems.push({ line, message: `${JSON.stringify(fields[0] ?? '')} is not a CPT code (five characters: four digits and a digit, F, T or U) nor a placeholder (X and four digits)` });
    const description = fields[1] ?? '';
    if (description.length < 2 || description.length > 200) return void problems.push({ line, message: `${code}: the descriptor must be 2-200 characters` });
    const [from, to] = [fields[2] || undefined, fields[3] || undefined];
    if (from && !ISO_DATE.test(from)) return void problems.push({ line, message: `${code}: effective-from ${JSON.stringify(from)} is not YYYY-MM-DD` });
    if (to && !ISO_DATE.test(to)) return void problems.push({ line, message: `${code}: effective-to ${JSON.stringify(to)} is not YYYY-MM-DD` });
    if (from && to && to < from) return void problems.push({ line, message: `${code}: effective-to ${to} is before effective-from ${from}` });
    const first = seen.get(code);
    if (first) return void problems.push({ line, message: `${code} is already on line ${first}` });
    seen.set(code, line);
    codes.push({ code, description, placeholder: isPlaceholderProcedureCode(code), ...(from ? { effectiveFrom: from } : {}), ...(to ? { effectiveTo: to } : {}) });
  });
  if (!codes.length && !problems.length) problems.push({ line: 1, message: 'the file holds no codes' });
  return { codes, problems };
}
