/*
 * The clean claim every rule's fixtures start from: it passes every rule of the set against the
 * fixture tables (the synthetic code-pair and MUE tables, and the ICD-10-CM codes below, which are
 * real codes of the CDC's tabular list). Procedure codes SYNnn are placeholders (CPT is licensed);
 * G/J codes are public HCPCS Level II codes.
 */
import type { ScrubClaim, ScrubLine } from '../scrub-claim';

export const VALID_BILLING_NPI = '1234567893';
export const VALID_RENDERING_NPI = '1245319599';

export function cleanClaim(): ScrubClaim {
  return {
    claimId: 'claim-fixture-1',
    frequency: '1',
    siteId: 'site-downtown',
    patientId: 'patient-fixture',
    patient: { dateOfBirth: '1970-03-15', sex: 'F' },
    subscriber: { memberId: 'PPO11122333', relationship: 'self' },
    payer: { payerId: 'payer-acme', timelyFilingDays: 90, priorAuthorizationCodes: ['SYN50'], memberIdPattern: '^PPO\\d{8}$' },
    billingProvider: { npi: VALID_BILLING_NPI, taxId: '123456789' },
    renderingProviderNpi: VALID_RENDERING_NPI,
    serviceDateFrom: '2026-11-02',
    serviceDateTo: '2026-11-02',
    placeOfService: '11',
    diagnoses: ['E11.9', 'I10'],
    lines: [
      { lineId: 'L1', procedureCode: 'SYN10', modifiers: [], units: 1, chargeCents: 15000, diagnosisPointers: [1, 2], serviceDate: '2026-11-02' },
      { lineId: 'L2', procedureCode: 'J1100', modifiers: [], units: 4, chargeCents: 2000, diagnosisPointers: [1], serviceDate: '2026-11-02' },
    ],
    totalChargeCents: 17000,
    submissionDate: '2026-11-20',
    earlierClaims: [],
  };
}

/** The clean claim changed by `change` (a deep copy: fixtures never share objects). */
export function claimWith(change: (claim: ScrubClaim) => void): ScrubClaim {
  const claim = structuredClone(cleanClaim());
  change(claim);
  return claim;
}

/** The clean claim with these lines (total recomputed so only the rule under test fails). */
export function claimWithLines(lines: ScrubLine[], change?: (claim: ScrubClaim) => void): ScrubClaim {
  return claimWith((c) => {
    c.lines = lines;
    c.totalChargeCents = lines.reduce((sum, l) => sum + (l.chargeCents ?? 0), 0);
    change?.(c);
  });
}

/** A line of the clean claim's date with sensible defaults. */
export const line = (id: string, procedureCode: string, extra: Partial<ScrubLine> = {}): ScrubLine => ({
  lineId: id, procedureCode, modifiers: [], units: 1, chargeCents: 10000, diagnosisPointers: [1], serviceDate: '2026-11-02', ...extra,
});
