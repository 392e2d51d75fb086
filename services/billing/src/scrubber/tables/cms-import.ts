/*
 * Readers of CMS's NCCI files (pure: text in, rows out). CMS publishes the practitioner PTP edits and
 * MUEs quarterly as tab-delimited text (and spreadsheets saved as CSV): notice and header lines come
 * first, then one edit per line. Header lines are recognised by their words, data lines by their
 * codes; a data line that cannot be read is an error naming its line number (nothing is imported).
 *
 * PTP columns: Column 1, Column 2, "* = in existence prior to 1996", Effective Date (YYYYMMDD),
 * Deletion Date (YYYYMMDD or *), Modifier indicator (0, 1, 9), PTP Edit Rationale. The compact layout
 * column1, column2, effective, deletion, modifier is read too.
 * MUE columns: HCPCS/CPT Code, MUE value, MUE Adjudication Indicator ("2 Date of Service Edit:
 * Policy"), MUE Rationale.
 */
import type { CodePairEdit, MueEntry } from '../rules/rule';

export interface ImportProblem {
  line: number;
  message: string;
}

export interface Parsed<T> {
  rows: T[];
  skipped: number;
  problems: ImportProblem[];
}

const CODE = /^[A-Z0-9]{5}$/;

/** Splits a line by tab or by comma (quotes honoured). */
export function splitLine(text: string, format: 'tab' | 'csv'): string[] {
  if (format === 'tab') return text.split('\t').map((f) => f.trim());
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current.trim());
      current = '';
    } else current += ch;
  }
  fields.push(current.trim());
  return fields;
}

/** Tab when the text has tabs, else CSV. */
export const guessFormat = (text: string): 'tab' | 'csv' => (text.includes('\t') ? 'tab' : 'csv');

/** 20260101 or 2026-01-01 -> 2026-01-01; `*` or blank -> undefined; anything else -> null (unreadable). */
function cmsDate(raw: string): string | undefined | null {
  const value = raw.trim();
  if (!value || value === '*') return undefined;
  const m = value.match(/^(\d{4})-?(\d{2})-?(\d{2})$/);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** The code-pair edits of a CMS PTP file. */
export function parseCodePairs(text: string, source: string, format: 'tab' | 'csv' = guessFormat(text)): Parsed<CodePairEdit> {
  const rows: CodePairEdit[] = [];
  const problems: ImportProblem[] = [];
  let skipped = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const fields = splitLine(raw, format);
    const [column1 = '', column2 = ''] = fields.map((f) => f.toUpperCase());
    if (!CODE.test(column1) || !CODE.test(column2)) {
      skipped += 1;
      return;
    }
    // CMS layout has the "prior to 1996" column (blank or *) third; the compact layout goes straight to the effective date.
    const rest = fields.length >= 6 ? fields.slice(3) : fields.slice(2);
    const [effectiveRaw = '', deletionRaw = '', indicatorRaw = ''] = rest;
    const effectiveDate = cmsDate(effectiveRaw);
    const deletionDate = cmsDate(deletionRaw);
    const indicator = indicatorRaw.trim();
    if (!effectiveDate) problems.push({ line: index + 1, message: `effective date "${effectiveRaw}" is not a date (YYYYMMDD)` });
    else if (deletionDate === null) problems.push({ line: index + 1, message: `deletion date "${deletionRaw}" is not a date (YYYYMMDD) or *` });
    else if (!['0', '1', '9'].includes(indicator)) problems.push({ line: index + 1, message: `modifier indicator "${indicatorRaw}" is not 0, 1 or 9` });
    else rows.push({ column1, column2, effectiveDate, ...(deletionDate ? { deletionDate } : {}), modifierIndicator: indicator as CodePairEdit['modifierIndicator'], source });
  });
  return { rows, skipped, problems };
}

/** The MUEs of a CMS MUE file. */
export function parseMue(text: string, source: string, format: 'tab' | 'csv' = guessFormat(text)): Parsed<MueEntry> {
  const rows: MueEntry[] = [];
  const problems: ImportProblem[] = [];
  let skipped = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const fields = splitLine(raw, format);
    const code = (fields[0] ?? '').toUpperCase();
    if (!CODE.test(code)) {
      skipped += 1;
      return;
    }
    const value = Number(fields[1]);
    const indicator = (fields[2] ?? '').trim().charAt(0);
    if (!Number.isInteger(value) || value < 0) problems.push({ line: index + 1, message: `MUE value "${fields[1] ?? ''}" is not a whole number` });
    else if (!['1', '2', '3'].includes(indicator)) problems.push({ line: index + 1, message: `adjudication indicator "${fields[2] ?? ''}" does not start with 1, 2 or 3` });
    else rows.push({ code, value, adjudicationIndicator: indicator as MueEntry['adjudicationIndicator'], source });
  });
  return { rows, skipped, problems };
}
