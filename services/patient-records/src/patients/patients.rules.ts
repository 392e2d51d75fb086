import { Channel, Language } from '@clinic-flow/contracts';

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

/** How a patient is reached and what they agreed to. */
export interface ContactState {
  phone?: string;
  email?: string;
  preferredChannel: Channel;
  language: Language;
  optedOutChannels: Channel[];
}

/** A requested change: undefined keeps a field, null clears phone or email. */
export interface ContactChange {
  phone?: string | null;
  email?: string | null;
  preferredChannel?: Channel;
  language?: Language;
  optedOutChannels?: Channel[];
}

/** The contact state after a change (email lower-cased, opt-outs de-duplicated and sorted). */
export function applyContactChange(current: ContactState, change: ContactChange): ContactState {
  const pick = <T>(next: T | null | undefined, now: T | undefined): T | undefined => (next === undefined ? now : (next ?? undefined));
  return {
    phone: pick(change.phone, current.phone),
    email: pick(change.email, current.email)?.toLowerCase(),
    preferredChannel: change.preferredChannel ?? current.preferredChannel,
    language: change.language ?? current.language,
    optedOutChannels: [...new Set(change.optedOutChannels ?? current.optedOutChannels)].sort(),
  };
}

/**
 * What is wrong with a contact state, if anything: the preferred channel needs its address
 * (a patient who prefers SMS has a phone number). Opting out of every channel is allowed: the
 * patient then gets no messages, and notification records each one as skipped.
 */
export function contactProblems(state: ContactState): Array<{ field: string; messages: string[] }> {
  const problems: Array<{ field: string; messages: string[] }> = [];
  if (state.preferredChannel === 'sms' && !state.phone) problems.push({ field: 'phone', messages: ['phone is required when preferredChannel is sms'] });
  if (state.preferredChannel === 'email' && !state.email) problems.push({ field: 'email', messages: ['email is required when preferredChannel is email'] });
  return problems;
}

/** True when the change leaves everything as it was (no event is written then). */
export function sameContact(a: ContactState, b: ContactState): boolean {
  return (
    a.phone === b.phone &&
    a.email === b.email &&
    a.preferredChannel === b.preferredChannel &&
    a.language === b.language &&
    a.optedOutChannels.join(',') === b.optedOutChannels.join(',')
  );
}
