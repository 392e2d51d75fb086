/*
 * Excludes1 pairs out of the tabular list's notes. The provisioned index (infra/components/icd10cm.js)
 * keeps each Excludes1 note verbatim on the code that carries it, e.g. on E11 "type 1 diabetes
 * mellitus (E10.-)"; the codes a note excludes are the references in its parentheses. This reads
 * them once, at load, into ranges, so "may E11.9 and E10.9 be billed together?" is a lookup.
 *
 * Why at load and not as a second provisioned file: the index is shared by every checkout on the
 * machine (one cache); changing its format would force every one to rebuild it, while the notes it
 * already holds are the official text to read the pairs from.
 *
 * Reference shapes of the tabular list: E10.9 (that code and the codes below it), E10.- / O24.4- /
 * E10 (a category or subcategory and all below), E08-E13 and E11.1-E11.9 (a range, inclusive of the
 * codes below its ends). References qualified in words ("E08-E13 with .10") are skipped: reading them
 * as the whole range would forbid pairs the note allows, and a missed pair is only a missed warning.
 */

/** A range of codes (compact form, no dot): every code whose prefix of the ends' length lies between them. */
export interface CodeRange {
  from: string;
  to: string;
}

const REF = /^([A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{0,4})?)\.?-?$/;
const compact = (code: string) => code.toUpperCase().replace(/\./g, '').replace(/-+$/, '');

/** The code ranges a note's parentheses name (see the file header for the shapes read). */
export function excludes1References(note: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const group of note.matchAll(/\(([^()]*)\)/g)) {
    for (const raw of group[1].split(/[,;]/)) {
      const part = raw.trim();
      if (!part || /\s/.test(part)) continue;
      const dash = part.match(/^([A-Z][0-9][0-9A-Z][.0-9A-Z]*?)-([A-Z][0-9][0-9A-Z][.0-9A-Z-]*)$/);
      if (dash && REF.test(dash[1]) && REF.test(dash[2])) {
        ranges.push({ from: compact(dash[1]), to: compact(dash[2]) });
        continue;
      }
      if (REF.test(part)) {
        const code = compact(part.replace(/\.-$/, '').replace(/-$/, ''));
        ranges.push({ from: code, to: code });
      }
    }
  }
  return ranges;
}

/** Whether a code (any form) falls in a range, the codes below each end included. */
export function inRange(code: string, range: CodeRange): boolean {
  const c = compact(code);
  return c.slice(0, range.from.length) >= range.from && c.slice(0, range.to.length) <= range.to;
}
