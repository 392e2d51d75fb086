import type { EligibilityCheckedData, EventEnvelope, VisitAuthorizationData } from '@clinic-flow/contracts';
import { InsuranceStatusConsumer } from './insurance-status.consumer';
import type { InsuranceStatusRepository } from './insurance-status.repository';
import { authorizationOf, eligibilityOf, eligibilityRowOf, VisitAuthorizationRow, VisitEligibilityRow } from './insurance-status.rules';

const check = (overrides: Partial<EligibilityCheckedData> = {}): EligibilityCheckedData => ({
  checkId: 'elig-1',
  coverageId: 'cov-1',
  patientId: 'pat-1',
  payerId: 'payer-acme',
  dateOfService: '2026-12-01',
  status: 'active',
  trigger: 'booking',
  appointmentId: 'appt-1',
  siteId: 'site-downtown',
  order: 'primary',
  ...overrides,
});

const at = (iso: string) => new Date(iso);

describe('eligibilityRowOf', () => {
  it("keys a visit's check by appointment and date of service, with ids and codes only", () => {
    const row = eligibilityRowOf(check({ status: 'needs-attention', reason: 'SUBSCRIBER_NOT_FOUND' }), at('2026-11-30T12:00:00Z'));
    expect(row).toEqual({
      _id: 'appt-1:2026-12-01', appointmentId: 'appt-1', dateOfService: '2026-12-01', checkId: 'elig-1', coverageId: 'cov-1',
      status: 'needs-attention', reason: 'SUBSCRIBER_NOT_FOUND', asOf: at('2026-11-30T12:00:00Z'),
    });
    expect(row).not.toHaveProperty('patientId');
  });

  it('takes the primary coverage, or a check that names no order; not a secondary or tertiary one, nor a check of no visit', () => {
    expect(eligibilityRowOf(check({ order: undefined }), at('2026-11-30T12:00:00Z'))).not.toBeNull();
    expect(eligibilityRowOf(check({ order: 'secondary' }), at('2026-11-30T12:00:00Z'))).toBeNull();
    expect(eligibilityRowOf(check({ order: 'tertiary' }), at('2026-11-30T12:00:00Z'))).toBeNull();
    expect(eligibilityRowOf(check({ appointmentId: undefined }), at('2026-11-30T12:00:00Z'))).toBeNull();
  });
});

describe('eligibilityOf', () => {
  const row = (status: EligibilityCheckedData['status'], reason?: string) => eligibilityRowOf(check({ status, reason }), at('2026-11-30T12:00:00Z'))!;

  it('maps the verdict to what the desk reads: active verified, inactive, needs-attention (also a payer that did not answer)', () => {
    expect(eligibilityOf(row('active'), '2026-12-01')).toEqual({ status: 'verified', checkedAt: '2026-11-30T12:00:00.000Z', checkId: 'elig-1' });
    expect(eligibilityOf(row('inactive'), '2026-12-01').status).toBe('inactive');
    expect(eligibilityOf(row('needs-attention', 'DOB_MISMATCH'), '2026-12-01')).toMatchObject({ status: 'needs-attention', reason: 'DOB_MISMATCH' });
    expect(eligibilityOf(row('payer-unavailable', 'AAA_42'), '2026-12-01')).toMatchObject({ status: 'needs-attention', reason: 'AAA_42' });
  });

  it('is not-checked without a check, or with a check for another date of service', () => {
    expect(eligibilityOf(undefined, '2026-12-01')).toEqual({ status: 'not-checked' });
    expect(eligibilityOf(row('active'), '2026-12-03')).toEqual({ status: 'not-checked' });
  });
});

describe('authorizationOf', () => {
  const assessed = (state: VisitAuthorizationRow['state'], requirement: VisitAuthorizationRow['requirement'] = 'authorization'): VisitAuthorizationRow => ({
    _id: 'appt-1', requirement, state, blocking: false, asOf: at('2026-11-30T12:00:00Z'),
  });

  it('flags a missing or pending referral or authorization for the desk, not one covered or not required', () => {
    expect(authorizationOf(assessed('missing'))).toEqual({ requirement: 'authorization', state: 'missing', blocking: false, flagged: true });
    expect(authorizationOf(assessed('pending', 'referral'))?.flagged).toBe(true);
    expect(authorizationOf({ ...assessed('covered'), authorizationId: 'auth-9' })).toEqual({ requirement: 'authorization', state: 'covered', blocking: false, flagged: false, authorizationId: 'auth-9' });
    expect(authorizationOf(assessed('not-required', 'none'))?.flagged).toBe(false);
    expect(authorizationOf(assessed('unknown'))?.flagged).toBe(false);
    expect(authorizationOf(undefined)).toBeUndefined();
  });
});

/** The repository's contract as ProjectionStore keeps it: the row with the later source time wins, one write per document. */
class FakeStatusRepository {
  readonly eligibility = new Map<string, VisitEligibilityRow>();
  readonly authorizations = new Map<string, VisitAuthorizationRow>();
  private static put<T extends { _id: string; asOf: Date }>(rows: Map<string, T>, row: T): boolean {
    const stored = rows.get(row._id);
    if (stored && stored.asOf > row.asOf) return false;
    rows.set(row._id, row);
    return true;
  }
  async recordEligibility(row: VisitEligibilityRow) {
    return FakeStatusRepository.put(this.eligibility, row);
  }
  async recordAuthorization(row: VisitAuthorizationRow) {
    return FakeStatusRepository.put(this.authorizations, row);
  }
  shown(appointmentId: string, date: string) {
    return eligibilityOf(this.eligibility.get(`${appointmentId}:${date}`), date);
  }
}

describe('InsuranceStatusConsumer', () => {
  let repo: FakeStatusRepository;
  let consumer: InsuranceStatusConsumer;
  const envelope = <T>(type: string, time: string, data: T): EventEnvelope<T> => ({
    id: `${type}-${time}`, type, version: 1, source: 'insurance', time, subject: 'pat-1', siteId: null, correlationId: 'c', causationId: null, data,
  });
  const checked = (time: string, overrides: Partial<EligibilityCheckedData> = {}) => consumer.onEligibilityChecked(envelope('eligibility.checked', time, check(overrides)));

  beforeEach(() => {
    repo = new FakeStatusRepository();
    consumer = new InsuranceStatusConsumer(repo as unknown as InsuranceStatusRepository);
  });

  it('keeps the latest check: a replay or a late older check changes nothing', async () => {
    await checked('2026-11-30T12:00:00.000Z', { checkId: 'elig-old', status: 'needs-attention', reason: 'AAA_42' });
    await checked('2026-11-30T13:00:00.000Z', { checkId: 'elig-new', status: 'active' });
    await checked('2026-11-30T12:00:00.000Z', { checkId: 'elig-old', status: 'needs-attention', reason: 'AAA_42' });
    expect(repo.shown('appt-1', '2026-12-01')).toMatchObject({ status: 'verified', checkId: 'elig-new' });
    await checked('2026-11-30T13:00:00.000Z', { checkId: 'elig-new', status: 'active' });
    expect(repo.shown('appt-1', '2026-12-01')).toMatchObject({ status: 'verified', checkId: 'elig-new' });
  });

  it("after a reschedule to another day: not-checked until a check for the new date, whatever comes late for the old one", async () => {
    await checked('2026-11-30T12:00:00.000Z', { checkId: 'elig-dec1', status: 'active' });
    expect(repo.shown('appt-1', '2026-12-03')).toEqual({ status: 'not-checked' });
    await checked('2026-11-30T14:00:00.000Z', { checkId: 'elig-dec3', dateOfService: '2026-12-03', status: 'inactive' });
    // A check for the old day made after it (a nightly run that had not heard of the move) does not hide the new day's.
    await checked('2026-11-30T15:00:00.000Z', { checkId: 'elig-dec1-late', status: 'active' });
    expect(repo.shown('appt-1', '2026-12-03')).toMatchObject({ status: 'inactive', checkId: 'elig-dec3' });
  });

  it("ignores the secondary coverage's check and checks of no visit", async () => {
    await checked('2026-11-30T12:00:00.000Z', { checkId: 'elig-primary', status: 'active' });
    await checked('2026-11-30T13:00:00.000Z', { checkId: 'elig-secondary', status: 'inactive', order: 'secondary' });
    await checked('2026-11-30T14:00:00.000Z', { checkId: 'elig-none', status: 'inactive', appointmentId: undefined });
    expect(repo.shown('appt-1', '2026-12-01')).toMatchObject({ status: 'verified', checkId: 'elig-primary' });
    expect(repo.eligibility.size).toBe(1);
  });

  it("keeps a visit's latest authorization assessment", async () => {
    const assessed = (time: string, state: VisitAuthorizationData['state']) =>
      consumer.onVisitAuthorizationAssessed(envelope('visit-authorization.assessed', time, { appointmentId: 'appt-1', patientId: 'pat-1', siteId: 'site-downtown', requirement: 'authorization', state, blocking: true }));
    await assessed('2026-11-30T12:00:00.000Z', 'missing');
    await assessed('2026-11-30T13:00:00.000Z', 'covered');
    await assessed('2026-11-30T12:00:00.000Z', 'missing');
    expect(authorizationOf(repo.authorizations.get('appt-1'))).toEqual({ requirement: 'authorization', state: 'covered', blocking: true, flagged: false });
  });
});
