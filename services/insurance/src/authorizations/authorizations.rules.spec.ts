import type { ReviewOutcome } from '@clinic-flow/x12';
import type { PayerRecord } from '../payers/payers.schema';
import { assessVisit, bookingBlocked, expiryReason, primaryOn, sameAssessment, verdictOfReview } from './authorizations.rules';
import type { AuthorizationRecord } from './authorizations.schema';

const exchange = { interchangeControlNumber: '000000001', request: '' };
const requested = { units: 6, from: '2026-12-01', to: '2026-12-31' };
const answered = (decision: Record<string, unknown> | undefined, rejections: Array<{ reasonCode: string }> = []): ReviewOutcome => ({
  status: 'answered', traceNumber: 'T', exchange,
  response: {
    referenceId: 'T', payer: { rejections: [] }, requester: { rejections: [] }, subscriber: { rejections: [] },
    event: { traces: [], rejections: rejections.map((r) => ({ validRequest: false, reason: 'x', ...r })), decision: decision as never }, services: [],
  },
});

const payer = (overrides: Partial<PayerRecord> = {}): PayerRecord => ({
  _id: 'payer-x', version: 1, name: 'X', ediPayerId: 'X1', receiverId: 'R', claimFilingIndicator: 'CI', timelyFilingDays: 90, blockWithoutAuthorization: false,
  rules: [{ requirement: 'prior-authorization', appointmentTypeIds: ['mri'], procedureCodes: [] }, { requirement: 'referral', appointmentTypeIds: ['specialist'], procedureCodes: [] }],
  plans: [{ id: 'plan', name: 'Plan', kind: 'ppo', rules: [] }], active: true, ...overrides,
});
const coverage = { _id: 'cov-1', payerId: 'payer-x', planId: 'plan', order: 'primary', effectiveDate: '2026-01-01' };
const auth = (overrides: Partial<AuthorizationRecord> = {}): AuthorizationRecord => ({
  _id: 'auth-1', version: 1, patientId: 'p', coverageId: 'cov-1', payerId: 'payer-x', planId: 'plan', siteId: 's', status: 'approved', source: 'x12-278',
  appointmentTypeIds: ['mri'], serviceCodes: [], diagnosisCodes: ['M54.5'], requestedUnits: 2, requestedFrom: '2026-12-01', requestedTo: '2026-12-31',
  approvedUnits: 2, usedUnits: 0, validFrom: '2026-12-01', validTo: '2026-12-31', usages: [], history: [], requestedBy: 'u', requestedAt: new Date(), ...overrides,
});

describe('authorization rules', () => {
  it("reads the payer's 278 decision: A1 approved as certified, A6 with fewer units, A3 denied with its reason, A4 pended", () => {
    expect(verdictOfReview(answered({ action: 'A1', authorizationNumber: 'PA1', quantity: 6, from: '2026-12-01', to: '2026-12-31', messages: [] }), requested))
      .toEqual({ status: 'approved', action: 'A1', authorizationNumber: 'PA1', approvedUnits: 6, validFrom: '2026-12-01', validTo: '2026-12-31' });
    expect(verdictOfReview(answered({ action: 'A6', authorizationNumber: 'PA2', quantity: 3, messages: [] }), requested)).toMatchObject({ status: 'approved', action: 'A6', approvedUnits: 3, validTo: '2026-12-31' });
    expect(verdictOfReview(answered({ action: 'A3', reasonCode: '35', messages: ['NO'] }), requested)).toEqual({ status: 'denied', action: 'A3', reason: '35', detail: 'NO' });
    expect(verdictOfReview(answered({ action: 'A4', messages: [] }), requested)).toMatchObject({ status: 'pending', action: 'A4', reason: 'PENDED' });
    expect(verdictOfReview(answered(undefined, [{ reasonCode: '75' }]), requested)).toMatchObject({ status: 'denied', reason: 'AAA_75' });
    expect(verdictOfReview({ status: 'payer-unavailable', traceNumber: 'T', reason: 'aaa-42', detail: 'busy', retryable: true, exchange }, requested)).toMatchObject({ status: 'pending', reason: 'PAYER_UNAVAILABLE' });
  });

  it('ends an approved authorization past its last day or with every unit used, nothing else', () => {
    expect(expiryReason(auth(), '2026-12-31')).toBeNull();
    expect(expiryReason(auth(), '2027-01-01')).toBe('EXPIRED');
    expect(expiryReason(auth({ usedUnits: 2 }), '2026-12-15')).toBe('UNITS_USED');
    expect(expiryReason(auth({ status: 'pending', validTo: '2026-01-01' }), '2027-01-01')).toBeNull();
  });

  it('takes the primary coverage in force on the date of service', () => {
    const old = { ...coverage, _id: 'old', effectiveDate: '2025-01-01', terminationDate: '2025-12-31' };
    expect(primaryOn([old, coverage, { ...coverage, _id: 'sec', order: 'secondary' }], '2026-06-01')?._id).toBe('cov-1');
    expect(primaryOn([old], '2026-06-01')).toBeUndefined();
  });

  it('assesses a visit: not required, referral, missing, pending, covered (dates, units, type), blocking by payer', () => {
    const visit = { id: 'appt-1', appointmentTypeId: 'mri', dateOfService: '2026-12-10' };
    expect(assessVisit(visit, undefined, undefined, [])).toMatchObject({ requirement: 'none', state: 'unknown' });
    expect(assessVisit({ ...visit, appointmentTypeId: 'follow-up' }, coverage, payer(), [])).toMatchObject({ requirement: 'none', state: 'not-required' });
    expect(assessVisit({ ...visit, appointmentTypeId: 'specialist' }, coverage, payer(), [])).toMatchObject({ requirement: 'referral' });
    expect(assessVisit(visit, coverage, payer(), [])).toEqual({ requirement: 'authorization', state: 'missing', blocking: false, payerId: 'payer-x' });
    expect(assessVisit(visit, coverage, payer(), [auth()])).toMatchObject({ state: 'covered', authorizationId: 'auth-1' });
    expect(assessVisit(visit, coverage, payer(), [auth({ validTo: '2026-12-09' })]).state).toBe('missing');
    expect(assessVisit(visit, coverage, payer(), [auth({ usedUnits: 2 })]).state).toBe('missing');
    expect(assessVisit(visit, coverage, payer(), [auth({ appointmentTypeIds: ['ct'] })]).state).toBe('missing');
    expect(assessVisit(visit, coverage, payer(), [auth({ coverageId: 'other', payerId: 'other' })]).state).toBe('missing');
    // The visit that used the last unit stays covered by it, even once the authorization has ended.
    expect(assessVisit(visit, coverage, payer(), [auth({ status: 'expired', usedUnits: 2, usages: [{ appointmentId: 'appt-1', units: 1, at: new Date() }] })]).state).toBe('covered');
    expect(assessVisit(visit, coverage, payer(), [auth({ status: 'pending', approvedUnits: undefined })])).toMatchObject({ state: 'pending', authorizationId: 'auth-1' });
    const blocking = assessVisit(visit, coverage, payer({ blockWithoutAuthorization: true }), []);
    expect([blocking.blocking, bookingBlocked(blocking)]).toEqual([true, true]);
    expect(bookingBlocked(assessVisit(visit, coverage, payer({ blockWithoutAuthorization: true }), [auth()]))).toBe(false);
    expect(bookingBlocked(assessVisit(visit, coverage, payer(), []))).toBe(false);
  });

  it('compares assessments by what they say', () => {
    const a = { requirement: 'authorization' as const, state: 'missing' as const, blocking: false };
    expect(sameAssessment(a, { ...a })).toBe(true);
    expect(sameAssessment(a, { ...a, state: 'covered', authorizationId: 'x' })).toBe(false);
  });
});
