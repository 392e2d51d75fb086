/*
 * Is the patient being registered someone we already have? Pure scoring of one pair of records:
 * each field compared, with how it matched (the registrar sees the reasons, not only a number).
 *
 * Weights: last name 0.3, first name 0.2, date of birth 0.3, phone 0.1, email 0.1. A field counts
 * fully when exact, and partly when close: a name with one typo 0.8, first and last name swapped
 * 0.9, the first name matching the preferred name 0.9, one part of a two-part name 0.8, a date of birth with month and day swapped
 * 0.7 or one digit different 0.6. Phone and email count only when both records have one (the score
 * is over the weights of the fields both sides have), so a registration without an email is not
 * penalised for it. A pair is a likely duplicate at a score of DUPLICATE_THRESHOLD or more, and
 * only when the date of birth, a phone or the email agrees: a name alone never makes one (two
 * "Maria Garcia" with different birthdays and contacts are two people).
 */
import { nameTerms, normalizeName, withinOneEdit } from './patient-search.rules';

export const DUPLICATE_THRESHOLD = 0.7;

const WEIGHTS = { lastName: 0.3, firstName: 0.2, dateOfBirth: 0.3, phone: 0.1, email: 0.1 } as const;
type DuplicateField = keyof typeof WEIGHTS;

export type DuplicateHow = 'exact' | 'one-typo' | 'name-part' | 'swapped' | 'preferred-name' | 'month-day-swapped' | 'one-digit' | 'same';

const FACTORS: Record<DuplicateHow, number> = { exact: 1, same: 1, swapped: 0.9, 'preferred-name': 0.9, 'one-typo': 0.8, 'name-part': 0.8, 'month-day-swapped': 0.7, 'one-digit': 0.6 };

/** One side of a comparison: what registration knows, or what a stored record holds. */
export interface DuplicateSubject {
  firstName: string;
  lastName: string;
  preferredName?: string;
  dateOfBirth: string;
  /** E.164 numbers (mobile and home). */
  phones: string[];
  email?: string;
}

export interface DuplicateReason {
  field: DuplicateField;
  how: DuplicateHow;
}

export interface DuplicateMatch {
  score: number;
  reasons: DuplicateReason[];
  summary: string;
}

/** Two names compared as written (accents, case, spaces and hyphens ignored). */
function compareName(a: string, b: string): 'exact' | 'one-typo' | 'name-part' | null {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (!x || !y) return null;
  if (x === y) return 'exact';
  // A hyphenated or two-part last name against one of its parts ("Garcia-Lopez" / "Garcia").
  if (nameTerms(a).includes(y) || nameTerms(b).includes(x)) return 'name-part';
  return Math.min(x.length, y.length) >= 3 && withinOneEdit(x, y) ? 'one-typo' : null;
}

/** How two dates of birth relate: the same, month and day exchanged, one digit different, or not at all. */
export function compareDates(a: string, b: string): 'exact' | 'month-day-swapped' | 'one-digit' | null {
  if (a === b) return 'exact';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 'month-day-swapped';
  const x = a.replace(/-/g, '');
  const y = b.replace(/-/g, '');
  let differing = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differing++;
  return differing === 1 ? 'one-digit' : null;
}

/** Dates one digit away from, or with month and day swapped from, a date of birth (to find candidates by date). */
export function nearbyDates(date: string): string[] {
  const found = new Set<string>();
  const [y, m, d] = date.split('-');
  found.add(`${y}-${d}-${m}`);
  const digits = date.replace(/-/g, '');
  for (let i = 0; i < digits.length; i++) {
    for (let k = 0; k <= 9; k++) {
      if (String(k) === digits[i]) continue;
      const next = `${digits.slice(0, i)}${k}${digits.slice(i + 1)}`;
      found.add(`${next.slice(0, 4)}-${next.slice(4, 6)}-${next.slice(6, 8)}`);
    }
  }
  found.delete(date);
  return [...found].filter((iso) => {
    const parsed = new Date(`${iso}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
  });
}

const LABELS: Record<DuplicateField, string> = { lastName: 'last name', firstName: 'first name', dateOfBirth: 'date of birth', phone: 'phone', email: 'email' };
const HOW_LABELS: Record<DuplicateHow, string> = {
  exact: 'exact',
  same: 'same',
  'one-typo': 'one typo',
  'name-part': 'one part of a two-part name',
  swapped: 'swapped with the other name',
  'preferred-name': 'matches the preferred name',
  'month-day-swapped': 'month and day swapped',
  'one-digit': 'one digit different',
};

/** "last name exact, first name one typo, date of birth exact, phone same" */
export function describeReasons(reasons: DuplicateReason[]): string {
  return reasons.map((r) => `${LABELS[r.field]} ${HOW_LABELS[r.how]}`).join(', ');
}

/** How alike a new registration and a stored record are; null when they are not a likely duplicate. */
export function matchDuplicate(probe: DuplicateSubject, stored: DuplicateSubject): DuplicateMatch | null {
  const reasons: DuplicateReason[] = [];
  let names: DuplicateReason[] = [];
  const last = compareName(probe.lastName, stored.lastName);
  const first = compareName(probe.firstName, stored.firstName);
  if (last) names.push({ field: 'lastName', how: last });
  const preferred = first !== 'exact' && !!stored.preferredName && compareName(probe.firstName, stored.preferredName) === 'exact';
  if (preferred) names.push({ field: 'firstName', how: 'preferred-name' });
  else if (first) names.push({ field: 'firstName', how: first });
  const swappedLast = compareName(probe.lastName, stored.firstName);
  const swappedFirst = compareName(probe.firstName, stored.lastName);
  if (swappedLast && swappedFirst && (!last || !first)) {
    names = [
      { field: 'lastName', how: 'swapped' },
      { field: 'firstName', how: 'swapped' },
    ];
  }
  reasons.push(...names);
  const date = compareDates(probe.dateOfBirth, stored.dateOfBirth);
  if (date) reasons.push({ field: 'dateOfBirth', how: date });
  const samePhone = probe.phones.some((p) => stored.phones.includes(p));
  if (samePhone) reasons.push({ field: 'phone', how: 'same' });
  const sameEmail = !!probe.email && probe.email.toLowerCase() === stored.email?.toLowerCase();
  if (sameEmail) reasons.push({ field: 'email', how: 'same' });

  if (!date && !samePhone && !sameEmail) return null;
  let possible = WEIGHTS.lastName + WEIGHTS.firstName + WEIGHTS.dateOfBirth;
  if (probe.phones.length && stored.phones.length) possible += WEIGHTS.phone;
  if (probe.email && stored.email) possible += WEIGHTS.email;
  const earned = reasons.reduce((sum, r) => sum + WEIGHTS[r.field] * FACTORS[r.how], 0);
  const score = Math.round((earned / possible) * 100) / 100;
  if (score < DUPLICATE_THRESHOLD) return null;
  return { score: Math.min(score, 1), reasons, summary: describeReasons(reasons) };
}
