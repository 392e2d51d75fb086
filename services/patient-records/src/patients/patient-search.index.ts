import { Injectable } from '@nestjs/common';
import { DuplicateMatch, DuplicateSubject, matchDuplicate, nearbyDates } from './patient-duplicates.rules';
import {
  compareScored,
  matchNameTerm,
  mrnNumber,
  NAME_FIELDS,
  nameTerms,
  normalizeName,
  QueryWord,
  ScoredPatient,
  scorePatient,
  SearchablePatient,
} from './patient-search.rules';
import { patientSites } from './care-relationship.rules';
import type { PatientRecord } from './patients.schema';

/*
 * The patients of every site, in memory, for the search box and the duplicate check. FerretDB 1.24
 * uses no secondary index, so any query but a read by _id scans the whole collection (about 125 ms
 * per 3,000 documents); a search over 100,000 patients would take seconds. The index is built from
 * the collection at start, updated by this instance's own writes as they happen, and by every
 * patient event on Kafka (each instance follows the topic in a consumer group of its own and
 * re-reads the patient by _id), so instances converge. Each write carries the document's
 * `version`: an older state never replaces a newer one, whichever path brings it first.
 *
 * Lookup maps narrow a query to a few candidates (name term, date of birth, last four phone digits,
 * MRN, email); the pure rules (patient-search.rules.ts, patient-duplicates.rules.ts) decide.
 */

/** What the index keeps of one patient: what the rules compare and what a result shows. */
export interface IndexedPatient extends SearchablePatient {
  version: number;
  /** The registering site. */
  siteId: string;
  /** The registering site and every care site: whose staff find the patient (care-relationship.rules.ts). */
  siteIds: string[];
  merged: boolean;
  display: {
    mrn: string;
    firstName: string;
    middleName?: string;
    lastName: string;
    preferredName?: string;
    dateOfBirth: string;
    phone?: string;
    email?: string;
  };
  preferredName?: string;
  e164: string[];
}

export interface SearchFilter {
  /** Whether the caller may find this patient (the care relationship). */
  patient(patient: IndexedPatient): boolean;
}

export interface SearchPage {
  items: Array<{ patient: IndexedPatient; scored: ScoredPatient }>;
  total: number;
}

export interface DuplicateCandidate {
  patient: IndexedPatient;
  match: DuplicateMatch;
}

/** A candidate set this small is checked word by word rather than narrowed further. */
const SMALL_ENOUGH = 200;

/*
 * Look-up lists are arrays, not Sets: most hold one id (an MRN, an email) or a few, and a Set costs
 * several times an array's memory; removal scans a list, at most a common family name's.
 */
type Ids = string[];
const add = <K>(map: Map<K, Ids>, key: K, id: string) => {
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
};
const remove = <K>(map: Map<K, Ids>, key: K, id: string) => {
  const ids = map.get(key);
  if (!ids) return;
  const at = ids.indexOf(id);
  if (at >= 0) ids.splice(at, 1);
  if (!ids.length) map.delete(key);
};
const NO_TERMS: string[] = [];

/** Terms of an optional name; most patients have none, and they share one empty list. */
const terms = (name: string | undefined) => (name ? nameTerms(name) : NO_TERMS);

/** Names under which a patient is found, per field. */
function toIndexed(p: PatientRecord): IndexedPatient {
  const phones = [p.phone, p.homePhone].filter((x): x is string => !!x);
  return {
    id: p._id,
    version: p.version ?? 0,
    siteId: p.registeredAtSiteId,
    siteIds: patientSites(p),
    merged: !!p.mergedIntoPatientId,
    names: { lastName: nameTerms(p.lastName), firstName: nameTerms(p.firstName), preferredName: terms(p.preferredName), middleName: terms(p.middleName) },
    dateOfBirth: p.dateOfBirth,
    phones: phones.map((x) => x.replace(/\D/g, '')),
    e164: phones,
    mrn: mrnNumber(p.mrn),
    email: p.email?.toLowerCase(),
    lastName: normalizeName(p.lastName),
    firstName: normalizeName(p.firstName),
    preferredName: p.preferredName,
    display: {
      mrn: p.mrn,
      firstName: p.firstName,
      middleName: p.middleName,
      lastName: p.lastName,
      preferredName: p.preferredName,
      dateOfBirth: p.dateOfBirth,
      phone: p.phone,
      email: p.email,
    },
  };
}

const allTerms = (p: IndexedPatient): Set<string> => new Set(NAME_FIELDS.flatMap((f) => p.names[f]));

@Injectable()
export class PatientSearchIndex {
  private readonly patients = new Map<string, IndexedPatient>();
  private readonly byTerm = new Map<string, Ids>();
  private readonly byDate = new Map<string, Ids>();
  private readonly byPhoneEnd = new Map<string, Ids>();
  private readonly byMrn = new Map<number, Ids>();
  private readonly byEmail = new Map<string, Ids>();

  get size(): number {
    return this.patients.size;
  }

  /** Takes the patient's current state unless the index already holds a newer one (by version). */
  put(record: PatientRecord): boolean {
    const next = toIndexed(record);
    const current = this.patients.get(next.id);
    if (current && current.version > next.version) return false;
    if (current) this.unlink(current);
    this.patients.set(next.id, next);
    for (const term of allTerms(next)) add(this.byTerm, term, next.id);
    add(this.byDate, next.dateOfBirth, next.id);
    for (const phone of next.phones) add(this.byPhoneEnd, phone.slice(-4), next.id);
    if (!Number.isNaN(next.mrn)) add(this.byMrn, next.mrn, next.id);
    if (next.email) add(this.byEmail, next.email, next.id);
    return true;
  }

  /** Forgets a patient that no longer exists. */
  delete(id: string): void {
    const current = this.patients.get(id);
    if (!current) return;
    this.unlink(current);
    this.patients.delete(id);
  }

  get(id: string): IndexedPatient | undefined {
    return this.patients.get(id);
  }

  private unlink(p: IndexedPatient): void {
    for (const term of allTerms(p)) remove(this.byTerm, term, p.id);
    remove(this.byDate, p.dateOfBirth, p.id);
    for (const phone of p.phones) remove(this.byPhoneEnd, phone.slice(-4), p.id);
    if (!Number.isNaN(p.mrn)) remove(this.byMrn, p.mrn, p.id);
    if (p.email) remove(this.byEmail, p.email, p.id);
  }

  /**
   * Patients matching every word, best first, among those the filter lets through (those in a care
   * relationship with the caller; merged records never). The candidates come from the word that narrows most; the rules
   * then check every word on each candidate.
   */
  search(words: QueryWord[], filter: SearchFilter, limit: number, offset: number): SearchPage {
    if (!words.length) return { items: [], total: 0 };
    const candidates = this.candidatesOf(words);
    const scored: Array<{ patient: IndexedPatient; scored: ScoredPatient }> = [];
    for (const id of candidates) {
      const patient = this.patients.get(id);
      if (!patient || patient.merged || !filter.patient(patient)) continue;
      const result = scorePatient(words, patient);
      if (result) scored.push({ patient, scored: result });
    }
    scored.sort((a, b) => compareScored(a.scored, b.scored));
    return { items: scored.slice(offset, offset + limit), total: scored.length };
  }

  /** The ids one word can match, as a list of sets (not merged: the smallest word is picked first). */
  private setsOf(word: QueryWord): Ids[] {
    const sets: Ids[] = [];
    const push = (ids: Ids | undefined) => ids && sets.push(ids);
    if (word.name) {
      for (const [term, ids] of this.byTerm) if (matchNameTerm(word.name, term)) sets.push(ids);
    }
    if (word.date) push(this.byDate.get(word.date));
    if (word.mrn !== undefined) push(this.byMrn.get(word.mrn));
    if (word.phoneDigits) push(this.byPhoneEnd.get(word.phoneDigits.slice(-4)));
    if (word.year) for (const [date, ids] of this.byDate) if (date.startsWith(`${word.year}-`)) sets.push(ids);
    if (word.email) for (const [email, ids] of this.byEmail) if (email.startsWith(word.email)) sets.push(ids);
    return sets;
  }

  private candidatesOf(words: QueryWord[]): Set<string> {
    let best: Ids[] | null = null;
    let bestSize = Infinity;
    // Words read by look-up first: a date of birth, phone, MRN or email usually narrows to a handful,
    // and then no name needs the walk over the term dictionary.
    const ordered = [...words].sort((a, b) => Number(!!a.name) - Number(!!b.name));
    for (const word of ordered) {
      if (word.name && bestSize <= SMALL_ENOUGH) break;
      const sets = this.setsOf(word);
      const size = sets.reduce((n, s) => n + s.length, 0);
      if (size < bestSize) {
        best = sets;
        bestSize = size;
      }
      if (size === 0) break;
    }
    const ids = new Set<string>();
    for (const set of best ?? []) for (const id of set) ids.add(id);
    return ids;
  }

  /**
   * Likely duplicates of a patient about to be registered, best first: candidates share the date
   * of birth (or one a typo away), a phone, the email, or a name term of the last name (which also
   * finds records with first and last name swapped); the duplicate rules score each.
   */
  duplicates(probe: DuplicateSubject, filter: SearchFilter, limit = 10): DuplicateCandidate[] {
    const ids = new Set<string>();
    const take = (set: Ids | undefined) => set?.forEach((id) => ids.add(id));
    take(this.byDate.get(probe.dateOfBirth));
    for (const date of nearbyDates(probe.dateOfBirth)) take(this.byDate.get(date));
    for (const phone of probe.phones) take(this.byPhoneEnd.get(phone.replace(/\D/g, '').slice(-4)));
    if (probe.email) take(this.byEmail.get(probe.email.toLowerCase()));
    const last = normalizeName(probe.lastName);
    if (last) {
      for (const [term, set] of this.byTerm) if (term === last || (last.length >= 3 && matchNameTerm(last, term) === 'typo')) take(set);
    }
    const found: DuplicateCandidate[] = [];
    for (const id of ids) {
      const patient = this.patients.get(id);
      if (!patient || patient.merged || !filter.patient(patient)) continue;
      const match = matchDuplicate(probe, {
        firstName: patient.display.firstName,
        lastName: patient.display.lastName,
        preferredName: patient.preferredName,
        dateOfBirth: patient.dateOfBirth,
        phones: patient.e164,
        email: patient.email,
      });
      if (match) found.push({ patient, match });
    }
    return found.sort((a, b) => b.match.score - a.match.score || (a.patient.id < b.patient.id ? -1 : 1)).slice(0, limit);
  }
}
