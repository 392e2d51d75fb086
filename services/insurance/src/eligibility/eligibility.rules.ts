import type { EligibilityStatus } from '@clinic-flow/contracts';
import { EligibilityOutcome, summarize271 } from '@clinic-flow/x12';
import type { EligibilityBenefitsRecord } from './eligibility.schema';

export interface Verdict {
  status: EligibilityStatus;
  reason?: string;
  detail?: string;
  benefits?: EligibilityBenefitsRecord;
}

const REJECTION_REASONS: Record<string, string> = { '75': 'SUBSCRIBER_NOT_FOUND', '71': 'DOB_MISMATCH', '72': 'INVALID_MEMBER_ID', '73': 'INVALID_NAME' };

/** What the desk sees of a clearinghouse outcome: active, inactive, needs attention (why), payer unavailable (retry later). */
export function verdictOf(outcome: EligibilityOutcome): Verdict {
  switch (outcome.status) {
    case 'payer-unavailable':
      return { status: 'payer-unavailable', reason: outcome.reason.toUpperCase().replace(/-/g, '_'), detail: outcome.detail };
    case 'rejected':
      return { status: 'needs-attention', reason: 'REJECTED', detail: 'the clearinghouse rejected our 270 (999)' };
    case 'invalid-response':
      return { status: 'needs-attention', reason: 'INVALID_RESPONSE', detail: `${outcome.code}: ${outcome.detail}` };
    case 'invalid-inquiry':
      return { status: 'needs-attention', reason: 'INVALID_INQUIRY', detail: outcome.problems.join('; ') };
    case 'answered': {
      const s = summarize271(outcome.response);
      const benefits: EligibilityBenefitsRecord = {
        ...(s.planName ? { planName: s.planName } : {}),
        ...(s.insuranceType ? { insuranceType: s.insuranceType } : {}),
        ...(s.copayCents !== undefined ? { copayCents: s.copayCents } : {}),
        ...(s.coinsurancePercent !== undefined ? { coinsurancePercent: s.coinsurancePercent } : {}),
        ...(s.deductibleCents !== undefined ? { deductibleCents: s.deductibleCents } : {}),
        ...(s.deductibleRemainingCents !== undefined ? { deductibleRemainingCents: s.deductibleRemainingCents } : {}),
        referralRequired: s.referralRequired,
        authorizationRequiredFor: s.authorizationRequiredFor,
        ...(s.coverageEnds ? { coverageEnds: s.coverageEnds } : {}),
      };
      if (s.coverage === 'active') return { status: 'active', benefits };
      if (s.coverage === 'inactive') return { status: 'inactive', benefits };
      const rejection = s.rejections[0];
      if (rejection) return { status: 'needs-attention', reason: REJECTION_REASONS[rejection.reasonCode] ?? `AAA_${rejection.reasonCode}`, detail: rejection.reason };
      return { status: 'needs-attention', reason: 'NO_STATUS', detail: 'the 271 says neither active nor inactive' };
    }
  }
}

/** ISA13 of an interchange's text (the element separator is the ISA's 4th character). */
export function isa13(interchange: string | undefined): string | undefined {
  if (!interchange?.startsWith('ISA')) return undefined;
  return interchange.split(interchange[3])[13]?.trim() || undefined;
}

/**
 * Who of the people a check names was born after its date of service (dates as YYYY-MM-DD): the
 * patient, or the subscriber when the patient is a dependent. A payer cannot answer such an inquiry.
 */
export function bornAfterService(dateOfService: string, patientBirthDate: string, subscriberBirthDate?: string): Array<'patient' | 'subscriber'> {
  const late: Array<'patient' | 'subscriber'> = [];
  if (patientBirthDate > dateOfService) late.push('patient');
  if (subscriberBirthDate && subscriberBirthDate > dateOfService) late.push('subscriber');
  return late;
}
