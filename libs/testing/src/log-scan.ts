/*
 * "Logs carry no patient data", as a check: the e2e client records what identifies each test
 * patient it sends (names, contact points, date of birth, address lines), and after the e2e run the
 * services' log files are searched for them. Pure functions here; the file handling is in
 * patient-identifiers.ts.
 */

export const IDENTIFIER_KINDS = ['name', 'email', 'phone', 'date-of-birth', 'address'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface PatientIdentifier {
  kind: IdentifierKind;
  value: string;
}

/** A log line holding a patient's identifier; `hint` shows the value masked, never in full. */
export interface LogFinding {
  file: string;
  line: number;
  kind: IdentifierKind;
  hint: string;
}

/** Body fields (at any depth) that identify a patient, their representative or their contacts. */
const FIELD_KINDS: Record<string, IdentifierKind> = {
  firstName: 'name',
  middleName: 'name',
  lastName: 'name',
  preferredName: 'name',
  /** An emergency contact's or guarantor's name. */
  name: 'name',
  typedName: 'name',
  representativeName: 'name',
  email: 'email',
  phone: 'phone',
  homePhone: 'phone',
  dateOfBirth: 'date-of-birth',
  line1: 'address',
  line2: 'address',
};

/** Every identifying string of a request body sent to a patient route. */
export function identifiersIn(body: unknown): PatientIdentifier[] {
  const found: PatientIdentifier[] = [];
  const walk = (value: unknown, key?: string) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    else if (typeof value === 'string' && key && FIELD_KINDS[key] && value.trim()) found.push({ kind: FIELD_KINDS[key], value: value.trim() });
  };
  walk(body);
  return found;
}

/** Lower case, accents removed: a log may hold a name as typed or as the search index folds it. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Not part of a longer word: "Ada" is not found in "Adapter", "Patient-abc" is found in "Patient-abc:". */
const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${s}(?![\\p{L}\\p{N}])`, 'u');

/**
 * Words the services themselves write in their logs (levels, channels, contexts); a test patient
 * named so could never be told apart from the service talking about itself, so the e2e data avoids them.
 */
export const LOG_VOCABULARY = new Set(['test', 'sms', 'email', 'error', 'info', 'warn', 'patient', 'patients', 'demo', 'crash', 'kafka', 'nest', 'site', 'user', 'null', 'true', 'false']);

export interface Matcher {
  kind: IdentifierKind;
  hint: string;
  /** Tested against the folded line (names, emails, addresses) or the raw line (digits). */
  folded: boolean;
  pattern: RegExp;
  /**
   * What a line must hold for the pattern to have a chance: a whole word of the folded value (its
   * longest), the phone's digits, or the date of birth as YYYY-MM-DD. scanLog looks these up in a
   * map, so it tests a line against the few patterns it could match, not the run's thousands.
   */
  anchor: string;
}

/** `Zephyrine` → `Ze…(9)`: enough to find it in the test data, not enough to repeat it. */
export const maskValue = (value: string) => `${value.slice(0, 2)}…(${value.length})`;

/**
 * How to find one identifier in a log line, or null when the value is too short or too common to
 * tell a leak from a coincidence (a two-letter name, a date of birth within a year of now, which
 * any appointment date in a log could equal).
 */
export function matcherFor(id: PatientIdentifier, now = new Date()): Matcher | null {
  const hint = maskValue(id.value);
  switch (id.kind) {
    case 'name':
    case 'address': {
      const value = fold(id.value).replace(/\s+/g, ' ');
      if (value.length < 3 || LOG_VOCABULARY.has(value)) return null;
      return { kind: id.kind, hint, folded: true, pattern: word(escape(value).replace(/ /g, '\\s+')), anchor: longestWord(value) };
    }
    case 'email': {
      if (!id.value.includes('@')) return null;
      return { kind: id.kind, hint, folded: true, pattern: word(escape(fold(id.value))), anchor: longestWord(fold(id.value)) };
    }
    case 'phone': {
      let digits = id.value.replace(/\D/g, '');
      if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
      if (digits.length < 7) return null;
      // The number as sent, in E.164 or in any US format: digits with optional separators between them.
      const spaced = [...digits].map(escape).join('[\\s().\\-]*');
      return { kind: id.kind, hint, folded: false, pattern: new RegExp(`(?<!\\d)(?:\\+?1[\\s.\\-]*)?${spaced}(?!\\d)`), anchor: digits };
    }
    case 'date-of-birth': {
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(id.value);
      const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(id.value);
      const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1].padStart(2, '0'), us[2].padStart(2, '0')] : [];
      if (!y || Math.abs(Number(y) - now.getUTCFullYear()) <= 1) return null;
      const forms = [`${y}-${m}-${d}`, `${Number(m)}/${Number(d)}/${y}`, `${m}/${d}/${y}`].map(escape);
      return { kind: id.kind, hint, folded: false, pattern: new RegExp(`(?<![\\d/-])(?:${[...new Set(forms)].join('|')})(?![\\d/])`), anchor: `${y}-${m}-${d}` };
    }
  }
}

/** URL-encoded values (a search query in a logged URL) are searched decoded as well. */
function decoded(line: string): string {
  try {
    return decodeURIComponent(line.replace(/\+/g, ' '));
  } catch {
    return line;
  }
}

const WORDS = /[\p{L}\p{N}]+/gu;
/** Phone separators, removed before looking for a phone's digits. */
const PHONE_SEPARATORS = /[\s().+-]/g;
const DATES = /(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4})/g;

function longestWord(value: string): string {
  return (value.match(WORDS) ?? ['']).reduce((a, b) => (b.length > a.length ? b : a));
}

/** The anchors a line could hold, for each kind of matcher (see Matcher.anchor). */
function anchorsIn(raw: string[], folded: string[], phoneLengths: number[]): Set<string> {
  const found = new Set<string>();
  for (const line of folded) for (const w of line.match(WORDS) ?? []) found.add(w);
  for (const line of raw) {
    for (const run of line.replace(PHONE_SEPARATORS, '').match(/\d+/g) ?? []) {
      for (const length of phoneLengths) for (let i = 0; i + length <= run.length; i++) found.add(run.slice(i, i + length));
    }
    for (const m of line.matchAll(DATES)) found.add(m[1] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[6]}-${m[4].padStart(2, '0')}-${m[5].padStart(2, '0')}`);
  }
  return found;
}

/**
 * Every line of one log that holds one of the identifiers (one finding per line and kind). A line
 * is tested only against the matchers whose anchor it holds, so a run's thousands of values cost a
 * few map lookups per word of the line.
 */
export function scanLog(file: string, text: string, matchers: Matcher[]): LogFinding[] {
  const byAnchor = new Map<string, Matcher[]>();
  for (const m of matchers) byAnchor.set(m.anchor, [...(byAnchor.get(m.anchor) ?? []), m]);
  const phoneLengths = [...new Set(matchers.filter((m) => m.kind === 'phone').map((m) => m.anchor.length))];
  const findings: LogFinding[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw) return;
    const forms = [raw, decoded(raw)];
    const folded = forms.map(fold);
    const candidates = [...anchorsIn(forms, folded, phoneLengths)].flatMap((a) => byAnchor.get(a) ?? []);
    if (!candidates.length) return;
    for (const kind of IDENTIFIER_KINDS) {
      const m = candidates.filter((c) => c.kind === kind).find((c) => (c.folded ? folded : forms).some((l) => c.pattern.test(l)));
      if (m) findings.push({ file, line: index + 1, kind, hint: m.hint });
    }
  });
  return findings;
}

/** Distinct matchers of recorded identifiers (the same patient's values are recorded by every request). */
export function matchersFor(ids: PatientIdentifier[], now = new Date()): Matcher[] {
  const byKey = new Map<string, Matcher>();
  for (const id of ids) {
    const m = matcherFor(id, now);
    if (m) byKey.set(`${m.kind}:${m.pattern.source}`, m);
  }
  return [...byKey.values()];
}
