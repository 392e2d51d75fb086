/*
 * ICD-10-CM, the diagnosis code set of US claims, loaded from the index infra/components/icd10cm.js
 * builds from the CDC's tabular list (one JSON line per code, parents before children). Answers
 * what the problem list and, later, billing's claim scrubber ask: does the code exist, may it be
 * billed (nothing is coded below it), what is it called, and which Excludes1 notes apply to it.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CodeRange, excludes1References, inRange } from './excludes1';

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** Which release of the code set is loaded. */
export interface CodeSetInfo {
  system: string;
  /** The CDC's version label, e.g. "2026" (the fiscal year). */
  version: string;
  /** Date of the release the tabular list is, e.g. 2026-04-01. */
  release: string;
  /** Where it came from (package and file). */
  source: string;
  codes: number;
  billable: number;
}

/** One line of the index: code, description, billable, parent, Excludes1 notes. */
export interface IndexLine {
  c: string;
  d: string;
  b: boolean;
  p?: string;
  x1?: string[];
}

export interface IndexHeader {
  format: number;
  system?: string;
  version: string;
  release: string;
  source: string;
}

export interface CodeEntry {
  /** With its dot, as printed: E11.9. */
  code: string;
  description: string;
  /** A leaf code: nothing is coded below it, so a claim may carry it. */
  billable: boolean;
  parent?: string;
  /** The Excludes1 notes written on this code itself (see Icd10CmCodeSet.excludes1 for those inherited). */
  excludes1: string[];
}

export type CodeCheck = { status: 'billable'; entry: CodeEntry } | { status: 'not-billable'; entry: CodeEntry } | { status: 'unknown' };

export interface CodeSearch {
  /** Code prefix, dot optional (E11, E119, e11.9). */
  prefix?: string;
  /** Words that must all occur in the description, case-insensitive. */
  text?: string;
  billableOnly?: boolean;
  limit?: number;
}

const INDEX_FORMAT = 1;

/** E119 / e11.9 / " E11.9 " -> E11.9 (the dot goes after the third character). */
export function normalizeIcd10Code(raw: string): string {
  const compact = raw.trim().toUpperCase().replace(/\./g, '');
  return compact.length > 3 ? `${compact.slice(0, 3)}.${compact.slice(3)}` : compact;
}

const toEntry = (line: IndexLine): CodeEntry => ({ code: line.c, description: line.d, billable: line.b, parent: line.p, excludes1: line.x1 ?? [] });

export class Icd10CmCodeSet {
  private readonly byCode = new Map<string, IndexLine>();
  private readonly lines: IndexLine[];
  /** Each Excludes1 note's code ranges, read once (by code carrying the note, then note index). */
  private readonly excludedRanges = new Map<string, CodeRange[][]>();
  readonly info: CodeSetInfo;

  private constructor(header: IndexHeader, lines: IndexLine[]) {
    if (header.format !== INDEX_FORMAT) throw new Error(`ICD-10-CM index format ${header.format} is not ${INDEX_FORMAT}: provision it again (node infra/cli.js up)`);
    this.lines = lines;
    for (const line of lines) {
      this.byCode.set(line.c, line);
      if (line.x1?.length) this.excludedRanges.set(line.c, line.x1.map(excludes1References));
    }
    this.info = {
      system: ICD10CM_SYSTEM,
      version: header.version,
      release: header.release,
      source: header.source,
      codes: lines.length,
      billable: lines.filter((l) => l.b).length,
    };
  }

  /** Reads the NDJSON index (first line the header); about a second for the full code set. */
  static async load(file: string): Promise<Icd10CmCodeSet> {
    const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let header: IndexHeader | undefined;
    const lines: IndexLine[] = [];
    for await (const text of reader) {
      if (!text) continue;
      if (!header) header = JSON.parse(text) as IndexHeader;
      else lines.push(JSON.parse(text) as IndexLine);
    }
    if (!header) throw new Error(`${file} is empty: provision the ICD-10-CM index again (node infra/cli.js up)`);
    return new Icd10CmCodeSet(header, lines);
  }

  /** A code set from lines in memory (tests, fixtures). */
  static of(header: Omit<IndexHeader, 'format'>, lines: IndexLine[]): Icd10CmCodeSet {
    return new Icd10CmCodeSet({ format: INDEX_FORMAT, ...header }, lines);
  }

  lookup(code: string): CodeEntry | undefined {
    const line = this.byCode.get(normalizeIcd10Code(code));
    return line && toEntry(line);
  }

  /** Whether the code exists and whether it may be billed (problem lists and claims take billable codes only). */
  check(code: string): CodeCheck {
    const entry = this.lookup(code);
    if (!entry) return { status: 'unknown' };
    return entry.billable ? { status: 'billable', entry } : { status: 'not-billable', entry };
  }

  /**
   * The Excludes1 notes that apply to a code: its own and those of every code above it (a note on
   * a category applies to all its codes), nearest first, each with the code it is written on.
   */
  excludes1(code: string): { on: string; note: string }[] {
    const notes: { on: string; note: string }[] = [];
    let line = this.byCode.get(normalizeIcd10Code(code));
    while (line) {
      for (const note of line.x1 ?? []) notes.push({ on: line.c, note });
      line = line.p ? this.byCode.get(line.p) : undefined;
    }
    return notes;
  }

  /**
   * The Excludes1 note (inherited ones included) that forbids coding `a` and `b` together, read in
   * both directions; undefined when none does. Notes whose references cannot be read are skipped.
   */
  excludes1Between(a: string, b: string): { on: string; note: string } | undefined {
    return this.excludedBy(a, b) ?? this.excludedBy(b, a);
  }

  /** How many Excludes1 notes are loaded and how many code ranges were read out of them. */
  excludes1Counts(): { notes: number; ranges: number } {
    let notes = 0;
    let ranges = 0;
    for (const perNote of this.excludedRanges.values()) {
      notes += perNote.length;
      for (const r of perNote) ranges += r.length;
    }
    return { notes, ranges };
  }

  private excludedBy(code: string, other: string): { on: string; note: string } | undefined {
    let line = this.byCode.get(normalizeIcd10Code(code));
    while (line) {
      const perNote = this.excludedRanges.get(line.c);
      if (perNote) {
        const index = perNote.findIndex((ranges) => ranges.some((r) => inRange(other, r)));
        if (index >= 0) return { on: line.c, note: (line.x1 ?? [])[index] };
      }
      line = line.p ? this.byCode.get(line.p) : undefined;
    }
    return undefined;
  }

  /** Codes by code prefix and/or description words, in the tabular list's order (categories before their codes). */
  search({ prefix, text, billableOnly = false, limit = 20 }: CodeSearch): CodeEntry[] {
    const wantedPrefix = prefix ? prefix.trim().toUpperCase().replace(/\./g, '') : '';
    const words = (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const found: CodeEntry[] = [];
    for (const line of this.lines) {
      if (billableOnly && !line.b) continue;
      if (wantedPrefix && !line.c.replace('.', '').startsWith(wantedPrefix)) continue;
      if (words.length) {
        const description = line.d.toLowerCase();
        if (!words.every((w) => description.includes(w))) continue;
      }
      found.push(toEntry(line));
      if (found.length >= limit) break;
    }
    return found;
  }
}
