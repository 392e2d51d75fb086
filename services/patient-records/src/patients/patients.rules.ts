import { Channel, GenderIdentity, Language, PATIENT_FIELDS, PatientField, SexAtBirth, toE164 } from '@clinic-flow/contracts';
import type { Address, EmergencyContact, Guarantor } from './patients.schema';

/** Medical record numbers: MRN- and eight digits, from a database counter (never reused). */
export function formatMrn(sequence: number): string {
  return `MRN-${String(sequence).padStart(8, '0')}`;
}

/** A date of birth must be a real calendar date, not in the future, and plausibly recent. */
export function isValidDateOfBirth(value: string, today: Date): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  const ageYears = (today.getTime() - date.getTime()) / (365.25 * 24 * 3600 * 1000);
  return ageYears >= 0 && ageYears < 130;
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Everything patient-records keeps about who a patient is and how to reach them. */
export interface Demographics {
  firstName: string;
  middleName?: string;
  lastName: string;
  preferredName?: string;
  dateOfBirth: string;
  sexAtBirth?: SexAtBirth;
  genderIdentity?: GenderIdentity;
  address?: Address;
  /** Mobile, E.164 (the SMS number). */
  phone?: string;
  homePhone?: string;
  email?: string;
  preferredChannel: Channel;
  language: Language;
  optedOutChannels: Channel[];
  emergencyContact?: EmergencyContact;
  /** Absent: the patient is their own guarantor. */
  guarantor?: Guarantor;
}

type AddressInput = Omit<Address, 'country'> & { country?: string };
type GuarantorInput = Omit<Guarantor, 'address'> & { address?: AddressInput };

/** A requested change: undefined keeps a field, null clears it (names and date of birth cannot be cleared). */
export type DemographicsChange = {
  [K in keyof Demographics]?: (K extends 'address' ? AddressInput : K extends 'guarantor' ? GuarantorInput : Demographics[K]) | null;
};

/** The fields other services keep copies of: a change of one of these is what they need to hear about. */
export const COPIED_FIELDS: readonly PatientField[] = ['firstName', 'middleName', 'lastName', 'preferredName', 'dateOfBirth', 'phone', 'email', 'preferredChannel', 'language', 'optedOutChannels'];
/** The fields `patient.contact-updated` v1 describes. */
export const CONTACT_FIELDS: readonly PatientField[] = ['phone', 'email', 'preferredChannel', 'language', 'optedOutChannels'];

const REQUIRED: ReadonlySet<string> = new Set(['firstName', 'lastName', 'dateOfBirth', 'preferredChannel', 'language', 'optedOutChannels']);

/** US states, DC and territories (USPS codes). */
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'.split(' '),
);

/** Trims and collapses inner spaces; an empty text is no value. */
const text = (value: string | undefined): string | undefined => {
  const cleaned = value?.replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
};

function normalizeAddress(input: AddressInput, field: string, problems: FieldProblem[]): Address {
  const country = (input.country ?? 'US').toUpperCase();
  const address: Address = {
    line1: text(input.line1) ?? '',
    line2: text(input.line2),
    city: text(input.city) ?? '',
    state: country === 'US' ? (text(input.state) ?? '').toUpperCase() : (text(input.state) ?? ''),
    postalCode: text(input.postalCode) ?? '',
    country,
  };
  if (!address.line2) delete address.line2;
  for (const key of ['line1', 'city', 'state', 'postalCode'] as const) {
    if (!address[key]) problems.push({ field: `${field}.${key}`, messages: [`${field}.${key} is required`] });
  }
  if (country === 'US') {
    if (address.state && !US_STATES.has(address.state)) problems.push({ field: `${field}.state`, messages: [`${field}.state must be a US state code such as NY`] });
    if (address.postalCode && !/^\d{5}(-\d{4})?$/.test(address.postalCode)) {
      problems.push({ field: `${field}.postalCode`, messages: [`${field}.postalCode must be a ZIP code such as 10001 or 10001-1234`] });
    }
  }
  return address;
}

function normalizePhone(value: string | undefined, field: string, problems: FieldProblem[]): string | undefined {
  if (value === undefined) return undefined;
  const e164 = toE164(value);
  if (!e164) problems.push({ field, messages: [`${field} must be a phone number such as (555) 012-3456 or +15550123456`] });
  return e164 ?? undefined;
}

function normalizeGuarantor(input: GuarantorInput, today: Date, problems: FieldProblem[]): Guarantor | undefined {
  if (input.kind === 'self') return undefined;
  const guarantor: Guarantor = {
    kind: 'responsible-party',
    relationship: input.relationship,
    firstName: text(input.firstName),
    lastName: text(input.lastName),
    dateOfBirth: input.dateOfBirth,
    phone: normalizePhone(input.phone, 'guarantor.phone', problems),
    email: input.email?.trim().toLowerCase() || undefined,
    address: input.address ? normalizeAddress(input.address, 'guarantor.address', problems) : undefined,
  };
  for (const key of ['relationship', 'firstName', 'lastName', 'dateOfBirth', 'phone', 'address'] as const) {
    if (!guarantor[key] && !problems.some((p) => p.field.startsWith(`guarantor.${key}`))) {
      problems.push({ field: `guarantor.${key}`, messages: [`guarantor.${key} is required for a responsible party`] });
    }
  }
  if (guarantor.dateOfBirth && !isValidDateOfBirth(guarantor.dateOfBirth, today)) {
    problems.push({ field: 'guarantor.dateOfBirth', messages: ['guarantor.dateOfBirth must be a real date, not in the future'] });
  }
  return withoutUndefined(guarantor);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The demographics after a change, normalised (names trimmed, phones to E.164, email lower-cased,
 * US state codes upper-cased, opt-outs de-duplicated and sorted, a `self` guarantor stored as none),
 * and every problem found: a date of birth that is not a real past date, a phone that is not one,
 * an incomplete address or responsible party, a required field cleared, a preferred channel
 * without its address.
 */
export function applyDemographicsChange(current: Demographics, change: DemographicsChange, today: Date): { next: Demographics; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const next: Demographics = { ...current };
  const set = <K extends keyof Demographics>(key: K, value: Demographics[K] | undefined) => {
    if (value === undefined) delete next[key];
    else next[key] = value;
  };
  for (const [key, value] of Object.entries(change) as Array<[keyof Demographics, unknown]>) {
    if (value === undefined) continue;
    if (value === null) {
      if (REQUIRED.has(key)) problems.push({ field: key, messages: [`${key} cannot be removed`] });
      else set(key, undefined);
      continue;
    }
    switch (key) {
      case 'firstName':
      case 'lastName': {
        const name = text(value as string);
        if (!name) problems.push({ field: key, messages: [`${key} must not be empty`] });
        else set(key, name);
        break;
      }
      case 'middleName':
      case 'preferredName':
        set(key, text(value as string));
        break;
      case 'dateOfBirth':
        if (!isValidDateOfBirth(value as string, today)) problems.push({ field: key, messages: ['dateOfBirth must be a real date, not in the future'] });
        else set(key, value as string);
        break;
      case 'phone':
      case 'homePhone':
        set(key, normalizePhone(value as string, key, problems));
        break;
      case 'email':
        set(key, (value as string).trim().toLowerCase() || undefined);
        break;
      case 'address':
        set(key, normalizeAddress(value as AddressInput, 'address', problems));
        break;
      case 'emergencyContact': {
        const contact = value as EmergencyContact;
        const phone = normalizePhone(contact.phone, 'emergencyContact.phone', problems);
        const name = text(contact.name);
        if (!name) problems.push({ field: 'emergencyContact.name', messages: ['emergencyContact.name is required'] });
        set(key, { name: name ?? '', relationship: contact.relationship, phone: phone ?? '' });
        break;
      }
      case 'guarantor':
        set(key, normalizeGuarantor(value as GuarantorInput, today, problems));
        break;
      case 'optedOutChannels':
        set(key, [...new Set(value as Channel[])].sort());
        break;
      default:
        set(key, value as never);
    }
  }
  for (const problem of contactProblems(next)) if (!problems.some((p) => p.field === problem.field)) problems.push(problem);
  return { next, problems };
}

/**
 * What is wrong with the contact part, if anything: the preferred channel needs its address
 * (a patient who prefers SMS has a mobile number). Opting out of every channel is allowed: the
 * patient then gets no messages, and notification records each one as skipped.
 */
export function contactProblems(state: Pick<Demographics, 'phone' | 'email' | 'preferredChannel'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (state.preferredChannel === 'sms' && !state.phone) problems.push({ field: 'phone', messages: ['phone is required when preferredChannel is sms'] });
  if (state.preferredChannel === 'email' && !state.email) problems.push({ field: 'email', messages: ['email is required when preferredChannel is email'] });
  return problems;
}

/** Stable JSON (keys sorted) so two equal values compare equal whatever order their keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}


/** The names of the fields whose value differs (nothing: the change changed nothing, and nothing is written). */
export function changedFields(before: Demographics, after: Demographics): PatientField[] {
  return PATIENT_FIELDS.filter((field) => canonical(before[field]) !== canonical(after[field]));
}
