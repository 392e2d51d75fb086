/*
 * Inquiries and envelopes for tests and the simulator's own checks: a valid NPI, a clinic sender and
 * a clearinghouse receiver. Test data only (synthetic names, a check-digit-valid NPI).
 */
import type { EligibilityInquiry } from './eligibility/eligibility.types';
import type { InterchangeParty } from './envelope';

/** A check-digit-valid NPI (CMS's own example). */
export const EXAMPLE_NPI = '1234567893';

export const CLINIC_SENDER: InterchangeParty = { qualifier: 'ZZ', id: 'CLINICFLOW' };
export const CLEARINGHOUSE_RECEIVER: InterchangeParty = { qualifier: 'ZZ', id: 'CLEARHOUSE' };

/** A 270 inquiry for a subscriber who is the patient; override what the test is about. */
export function exampleInquiry(overrides: Partial<EligibilityInquiry> = {}): EligibilityInquiry {
  return {
    traceNumber: 'TRACE-0001',
    traceOriginatorId: '9CLINICFLW',
    payer: { name: 'ACME HEALTH', id: '87726' },
    provider: { organizationName: 'RIVERSIDE CLINIC', npi: EXAMPLE_NPI },
    subscriber: { memberId: 'PPO11122333', lastName: 'SMITH', firstName: 'ROBERT', birthDate: '1943-05-19', gender: 'M' },
    dateOfService: '2026-12-15',
    serviceTypes: ['30'],
    createdAt: new Date('2026-12-01T07:05:00Z'),
    ...overrides,
  };
}
