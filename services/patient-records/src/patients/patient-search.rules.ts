/*
 * How the front desk's search box matches patients: pure functions, no I/O, so every rule is unit
 * tested (typos, accents, swapped names, phone and date formats). The in-memory index
 * (patient-search.index.ts) only narrows down which patients these rules look at.
 *
 * A query is split into words; a patient is found when EVERY word matches one of its fields:
 *   - letters: a name (first, middle, last, preferred; each part of a hyphenated or two-word name,
 *     and the whole) exactly, as a prefix, or with one typo (one letter wrong, missing, extra, or
 *     two neighbours swapped; words of 4+ letters); accents and case ignored; any order, so
 *     "lopez maria" finds Maria Lopez;
 *   - a date (1984-03-12, 1984/03/12, 03/12/1984, 3-12-1984, 3/12/84, 03121984): the date of birth;
 *     a four-digit year 1900..now: the birth year;
 *   - digits (any punctuation, e.g. (555) 012-3456): the end of a mobile or home phone (4+
 *     digits), or the MRN number (MRN-00000042, mrn42, 42);
 *   - a word with @: the email, exactly or as a prefix.
 * Ranking: the sum over the words of the best match's weight (exact 1 > prefix 0.8 > suffix of a
 * phone 0.8 > birth year 0.6 > one typo 0.5 > typo in a prefix 0.4), so exact beats prefix beats
 * typo and a patient matching more words exactly ranks higher; ties: more exact words, then last
 * name, first name, id.
 */

export type MatchHow = 'exact' | 'prefix' | 'typo' | 'typo-prefix' | 'year' | 'suffix';

export const MATCH_WEIGHTS: Record<MatchHow, number> = { exact: 1, prefix: 0.8, suffix: 0.8, year: 0.6, typo: 0.5, 'typo-prefix': 0.4 };

/** Words shorter than this must match exactly or as a prefix: one typo in "jo" matches half the register. */
export const MIN_TYPO_LENGTH = 4;

const LETTER_FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lower case, accents removed (José -> jose, Núñez -> nunez), letters and digits only: punctuation
 * goes, digits stay (a name with digits, as test data has, must not collapse into its letters).
 */
export function normalizeName(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþı]/g, (c) => LETTER_FOLDS[c] ?? c)
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The searchable terms of a name: each part (split at spaces and hyphens; apostrophes and dots
 * dropped: O'Brien -> obrien) and, for a name of several parts, all of them joined
 * (Garcia-Lopez -> garcia, lopez, garcialopez).
 */
export function nameTerms(value: string | undefined): string[] {
  if (!value) return [];
  const parts = value
    .split(/[\s\-‐–]+/)
    .map(normalizeName)
    .filter(Boolean);
  const terms = new Set(parts);
  if (parts.length > 1) terms.add(parts.join(''));
  return [...terms];
}

/**
 * Whether two words are at most one edit apart: a letter substituted, inserted or deleted, or two
 * neighbouring letters swapped (optimal string alignment distance <= 1).
 */
export function withinOneEdit(a: string, b: string, bLength = b.length): boolean {
  // Compares a with the first bLength letters of b, without making strings (the index runs this over every name term).
  const la = a.length;
  const lb = bLength;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  const same = (x: number, y: number) => {
    for (; x < la && y < lb; x++, y++) if (a.charCodeAt(x) !== b.charCodeAt(y)) return false;
    return la - x === lb - y;
  };
  if (la === lb) {
    // One substitution, or one transposition of neighbours.
    if (same(i + 1, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && same(i + 2, i + 2);
  }
  // One insertion or deletion.
  return la > lb ? same(i + 1, i) : same(i, i + 1);
}

/** How a query word matches one name term, best first; null when it does not. */
export function matchNameTerm(word: string, term: string): MatchHow | null {
  if (!word) return null;
  if (term === word) return 'exact';
  if (term.startsWith(word)) return 'prefix';
  if (word.length < MIN_TYPO_LENGTH) return null;
  if (term.length < word.length - 1) return null;
  if (withinOneEdit(word, term)) return 'typo';
  // A typo in what was typed so far: one edit from a prefix of the term of about the same length.
  for (let length = word.length - 1; length <= word.length + 1; length++) {
    if (length < MIN_TYPO_LENGTH - 1 || length >= term.length) continue;
    if (withinOneEdit(word, term, length)) return 'typo-prefix';
  }
  return null;
}

const validDate = (y: number, m: number, d: number): string | null => {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
};

/**
 * A date as people type it, as YYYY-MM-DD, or null. US order (month first) for slashes, dashes
 * and dots: 03/12/1984, 3-12-1984, 3.12.1984, 3/12/84 (a two-digit year is this century if that is
 * not in the future, else the last); ISO 1984-03-12 and 1984/03/12; eight digits 03121984 or 19840312.
 */
export function parseDate(word: string, today: Date): string | null {
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(word);
  if (match) return validDate(+match[1], +match[2], +match[3]);
  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(word);
  if (match) {
    let year = +match[3];
    if (match[3].length === 2) {
      const century = Math.floor(today.getUTCFullYear() / 100) * 100;
      year = century + year > today.getUTCFullYear() ? century - 100 + year : century + year;
    }
    return validDate(year, +match[1], +match[2]);
  }
  match = /^(\d{2})(\d{2})(\d{4})$/.exec(word);
  if (match) {
    const us = validDate(+match[3], +match[1], +match[2]);
    if (us) return us;
  }
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(word);
  if (match && +match[1] >= 1850) return validDate(+match[1], +match[2], +match[3]);
  return null;
}

/** One word of a query with every reading it allows (a number may be a phone end, an MRN and a year). */
export interface QueryWord {
  raw: string;
  name?: string;
  date?: string;
  year?: string;
  /** Digits to find at the end of a phone number. */
  phoneDigits?: string;
  mrn?: number;
  email?: string;
}

/** A full phone number typed with spaces or parentheses, kept as one word: "(555) 012-3456". */
const SPACED_PHONE = /\+?\(?\d[\d\s().-]{8,}\d/g;

/** The words of a query, each with its possible readings; words with no reading are dropped. */
export function parseQuery(query: string, today: Date): QueryWord[] {
  const collapsed = query.replace(SPACED_PHONE, (found) => {
    const digits = found.replace(/\D/g, '');
    return /[\s()]/.test(found) && (digits.length === 10 || digits.length === 11) ? ` ${digits} ` : found;
  });
  const words: QueryWord[] = [];
  for (const raw of collapsed.split(/[\s,;]+/).filter(Boolean)) {
    const word: QueryWord = { raw };
    if (raw.includes('@')) {
      word.email = raw.toLowerCase();
      words.push(word);
      continue;
    }
    const mrn = /^mrn[-:#]?(\d{1,12})$/i.exec(raw);
    if (mrn) {
      word.mrn = Number(mrn[1]);
      words.push(word);
      continue;
    }
    const date = parseDate(raw, today);
    if (date) word.date = date;
    if (/^[\d\s().+-]+$/.test(raw) && /\d/.test(raw)) {
      const digits = raw.replace(/\D/g, '');
      if (digits.length >= 4) word.phoneDigits = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
      if (digits.length <= 12 && !date) word.mrn = Number(digits);
      if (/^\d{4}$/.test(raw) && +raw >= 1900 && +raw <= today.getUTCFullYear()) word.year = raw;
    } else if (!date) {
      const name = normalizeName(raw);
      if (name) word.name = name;
    }
    if (word.name || word.date || word.phoneDigits || word.mrn !== undefined || word.year) words.push(word);
  }
  return words;
}

export const NAME_FIELDS = ['lastName', 'firstName', 'preferredName', 'middleName'] as const;
export type NameField = (typeof NAME_FIELDS)[number];

/** What the rules look at of one patient (the index keeps one per patient). */
export interface SearchablePatient {
  id: string;
  /** Name terms per field (nameTerms of each). */
  names: Record<NameField, string[]>;
  dateOfBirth: string;
  /** Digits of each phone in E.164, without the +. */
  phones: string[];
  mrn: number;
  email?: string;
  lastName: string;
  firstName: string;
}

export interface WordMatch {
  term: string;
  field: string;
  how: MatchHow;
}

const better = (a: WordMatch | null, b: WordMatch | null): WordMatch | null => (!a ? b : !b ? a : MATCH_WEIGHTS[b.how] > MATCH_WEIGHTS[a.how] ? b : a);

/** The best way one word matches a patient, or null. */
export function matchWord(word: QueryWord, patient: SearchablePatient): WordMatch | null {
  let best: WordMatch | null = null;
  if (word.name) {
    for (const field of NAME_FIELDS) {
      for (const term of patient.names[field]) {
        const how = matchNameTerm(word.name, term);
        if (how) best = better(best, { term: word.raw, field, how });
        if (best?.how === 'exact') return best;
      }
    }
  }
  if (word.date && patient.dateOfBirth === word.date) return { term: word.raw, field: 'dateOfBirth', how: 'exact' };
  if (word.mrn !== undefined && patient.mrn === word.mrn) return { term: word.raw, field: 'mrn', how: 'exact' };
  if (word.phoneDigits) {
    for (const phone of patient.phones) {
      if (phone.endsWith(word.phoneDigits)) best = better(best, { term: word.raw, field: 'phone', how: word.phoneDigits.length >= 10 ? 'exact' : 'suffix' });
    }
  }
  if (word.year && patient.dateOfBirth.startsWith(`${word.year}-`)) best = better(best, { term: word.raw, field: 'dateOfBirth', how: 'year' });
  if (word.email && patient.email) {
    if (patient.email === word.email) return { term: word.raw, field: 'email', how: 'exact' };
    if (patient.email.startsWith(word.email)) best = better(best, { term: word.raw, field: 'email', how: 'prefix' });
  }
  return best;
}

export interface ScoredPatient {
  id: string;
  score: number;
  exact: number;
  matches: WordMatch[];
  lastName: string;
  firstName: string;
}

/** The patient's score for a query, or null when some word does not match it. */
export function scorePatient(words: QueryWord[], patient: SearchablePatient): ScoredPatient | null {
  if (!words.length) return null;
  const matches: WordMatch[] = [];
  for (const word of words) {
    const match = matchWord(word, patient);
    if (!match) return null;
    matches.push(match);
  }
  const score = Math.round(matches.reduce((sum, m) => sum + MATCH_WEIGHTS[m.how], 0) * 100) / 100;
  return { id: patient.id, score, exact: matches.filter((m) => m.how === 'exact').length, matches, lastName: patient.lastName, firstName: patient.firstName };
}

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Best first: score, then more exact words, then last name, first name and id (a stable order for paging). */
export function compareScored(a: ScoredPatient, b: ScoredPatient): number {
  return b.score - a.score || b.exact - a.exact || order(a.lastName, b.lastName) || order(a.firstName, b.firstName) || order(a.id, b.id);
}

/** The number of an MRN (MRN-00000042 -> 42), NaN if it has none. */
export function mrnNumber(mrn: string): number {
  const digits = /(\d+)$/.exec(mrn)?.[1];
  return digits ? Number(digits) : Number.NaN;
}
