/*
 * Inquiries and envelopes for tests and the simulator's own checks: a valid NPI, a clinic sender and
 * a clearinghouse receiver. Test data only (synthetic names, a check-digit-valid NPI).
 */
import type { EligibilityInquiry } from './eligibility/eligibility.types';
import type { InterchangeParty } from './envelope';
import type { ClaimSubmission, ProfessionalClaim } from './claims/claim.types';

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

/** Who sends our 837s and who receives them (test data). */
export const EXAMPLE_SUBMISSION: ClaimSubmission = {
  submitter: { name: 'RIVERSIDE CLINIC', id: 'CLINICFLOW', contactName: 'BILLING OFFICE', phone: '5555550100' },
  receiver: { name: 'CLEARHOUSE', id: 'CLEARHOUSE' },
  at: new Date('2026-12-16T09:30:00Z'),
};

/**
 * A primary PPO claim, subscriber is the patient, two lines (an office visit and a placeholder
 * procedure, see PLACEHOLDER_PROCEDURE_CODE); override what the test is about.
 */
export function exampleClaim(overrides: Partial<ProfessionalClaim> = {}): ProfessionalClaim {
  return {
    claimId: 'CLM-0001',
    billingProvider: {
      organizationName: 'RIVERSIDE CLINIC', npi: EXAMPLE_NPI, taxId: '123456789', taxonomy: '207Q00000X',
      address: { line1: '100 RIVER RD', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' },
    },
    subscriber: {
      payerResponsibility: 'P', relationship: '18', memberId: 'PPO11122333', groupNumber: 'GRP-500', claimFilingIndicator: 'CI',
      lastName: 'SMITH', firstName: 'ROBERT', birthDate: '1943-05-19', sex: 'M',
      address: { line1: '12 ELM ST', city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
    },
    payer: { name: 'ACME HEALTH', id: '87726' },
    totalChargeCents: 21000,
    placeOfService: '11',
    frequency: '1',
    diagnoses: ['M54.50', 'E11.9'],
    renderingProvider: { npi: '1245319599', lastName: 'NGUYEN', firstName: 'LINH', taxonomy: '207Q00000X' },
    lines: [
      { lineId: 'L-0001-1', procedureCode: 'X9213', chargeCents: 15000, units: 1, diagnosisPointers: [1, 2], serviceDate: '2026-12-15' },
      { lineId: 'L-0001-2', procedureCode: 'X3641', chargeCents: 6000, units: 1, diagnosisPointers: [2], serviceDate: '2026-12-15' },
    ],
    ...overrides,
  };
}

/**
 * `count` distinct PPO claims for benches and load tests (claim ids `<run>-<n>`, one member per
 * claim so each starts with the full deductible): submitted in one interchange and paid in one pay
 * cycle, the simulator answers with one 835 of `count` claims.
 */
export function exampleClaims(count: number, run = 'B'): ProfessionalClaim[] {
  const base = exampleClaim();
  return Array.from({ length: count }, (_, i) => {
    const claimId = `${run}-${i}`.slice(-20);
    return exampleClaim({
      claimId,
      subscriber: { ...base.subscriber, memberId: `PPO${run}${i}`.replace(/[^A-Z0-9]/gi, '') },
      lines: base.lines.map((line, j) => ({ ...line, lineId: `${claimId}-${j + 1}` })),
    });
  });
}
