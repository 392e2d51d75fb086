import { ConsentKind } from '@clinic-flow/contracts';

/** A version of a consent form as the signer saw it. */
export interface ConsentForm {
  kind: ConsentKind;
  version: string;
  title: string;
  text: string;
  /** The day from which new signatures are of this version (the newest effective one is current). */
  effectiveFrom: string;
}

/*
 * The forms the front desk has patients sign, each kept in every version ever signed: a signature
 * names its version, so a new version (the privacy notice changed in February 2026 for the
 * substance-use-records rule) is a new entry here, never an edit of an old one.
 */
export const CONSENT_FORMS: readonly ConsentForm[] = [
  {
    kind: 'privacy-notice',
    version: '2025-01',
    title: 'Acknowledgement of the Notice of Privacy Practices',
    text: 'I acknowledge that I received the Notice of Privacy Practices, which describes how my health information may be used and disclosed and how I can get access to it.',
    effectiveFrom: '2025-01-01',
  },
  {
    kind: 'privacy-notice',
    version: '2026-02',
    title: 'Acknowledgement of the Notice of Privacy Practices',
    text: 'I acknowledge that I received the Notice of Privacy Practices (revised February 2026, including how records of substance use disorder treatment are protected), which describes how my health information may be used and disclosed and how I can get access to it.',
    effectiveFrom: '2026-02-16',
  },
  {
    kind: 'consent-to-treat',
    version: '2025-01',
    title: 'Consent to treatment',
    text: 'I consent to examination and treatment by the providers of this practice, including routine procedures and tests they consider necessary. I may withdraw this consent at any time.',
    effectiveFrom: '2025-01-01',
  },
  {
    kind: 'communication',
    version: '2025-01',
    title: 'Consent to be contacted',
    text: 'I agree to receive appointment reminders and other messages about my care on the channel named here. Message and data rates may apply. I can revoke this consent at any time; reply STOP to text messages.',
    effectiveFrom: '2025-01-01',
  },
  {
    kind: 'financial-responsibility',
    version: '2025-01',
    title: 'Financial responsibility agreement',
    text: 'I understand that I am financially responsible for charges not covered by my insurance, including copays, coinsurance and deductibles, and I authorize my insurer to pay the practice directly.',
    effectiveFrom: '2025-01-01',
  },
];

/** The version of a form new signatures are of on `today` (YYYY-MM-DD): the newest already in effect. */
export function currentForm(kind: ConsentKind, today: string, forms: readonly ConsentForm[] = CONSENT_FORMS): ConsentForm {
  const inEffect = forms.filter((f) => f.kind === kind && f.effectiveFrom <= today).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const form = inEffect[inEffect.length - 1];
  if (!form) throw new Error(`no ${kind} form is in effect on ${today}`);
  return form;
}

export function findForm(kind: ConsentKind, version: string, forms: readonly ConsentForm[] = CONSENT_FORMS): ConsentForm | undefined {
  return forms.find((f) => f.kind === kind && f.version === version);
}
