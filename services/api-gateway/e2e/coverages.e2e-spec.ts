import { Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

/*
 * Patients' insurance coverages through the gateway (insurance service): coordination of benefits
 * (one primary per period), dates, the payer's member id format, the care relationship (a patient,
 * or a coverage, of someone outside it is a 404 like none), and the minimal events.
 */
describe('coverages', () => {
  let desk: ApiClient;
  let billing: ApiClient;
  let outsider: ApiClient;
  const probe = new KafkaProbe();

  const coverage = (overrides: Record<string, unknown> = {}) => ({
    payerId: 'payer-acme',
    planId: 'acme-gold-ppo',
    order: 'primary',
    relationship: 'self',
    memberId: 'PPO11122333',
    groupNumber: 'GRP-100',
    effectiveDate: '2026-01-01',
    ...overrides,
  });

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    billing = await ApiClient.loginAs('billing-coder');
    // An office manager of Riverside only: the downtown patient is outside their care relationship.
    outsider = await ApiClient.loginAsEmail('riverside-manager@demo.clinic');
    await probe.record([Topics.coverages]);
  });
  afterAll(() => probe.close());

  it('adds a primary and a secondary, lists them primary first, and refuses a second primary over an overlapping period', async () => {
    const patient = await registerPatient(desk);
    const primary = await desk.post(`/patients/${patient.id}/coverages`, coverage());
    expect(primary.status).toBe(201);
    expect(primary.body).toMatchObject({ patientId: patient.id, payerId: 'payer-acme', order: 'primary', memberId: 'PPO11122333', groupNumber: 'GRP-100', version: expect.any(Number) });
    const secondary = await desk.post(
      `/patients/${patient.id}/coverages`,
      coverage({ payerId: 'payer-medicare', planId: 'medicare-part-b', order: 'secondary', memberId: 'MCR123456', relationship: 'spouse', subscriber: { firstName: 'Orlin', lastName: patient.lastName, dateOfBirth: '1950-03-04' } }),
    );
    expect(secondary.status).toBe(201);
    expect(secondary.body.subscriber).toEqual({ firstName: 'Orlin', lastName: patient.lastName, dateOfBirth: '1950-03-04' });

    const clash = await desk.post(`/patients/${patient.id}/coverages`, coverage({ effectiveDate: '2026-06-01', memberId: 'PPO99988877' }));
    expect([clash.status, clash.body.code]).toEqual([409, 'COVERAGE.ORDER_TAKEN']);

    // Terminated, the old primary leaves room for a new one after it (coverage.terminated).
    const ended = await billing.patch(`/coverages/${primary.body.id}`, { terminationDate: '2026-05-31' });
    expect(ended.status).toBe(200);
    expect(ended.body.terminationDate).toBe('2026-05-31');
    const next = await desk.post(`/patients/${patient.id}/coverages`, coverage({ effectiveDate: '2026-06-01', memberId: 'PPO99988877' }));
    expect(next.status).toBe(201);
    const back = await desk.patch(`/coverages/${primary.body.id}`, { terminationDate: '2026-07-31' });
    expect([back.status, back.body.code]).toEqual([409, 'COVERAGE.ORDER_TAKEN']);

    const list = await desk.get(`/patients/${patient.id}/coverages`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([next.body.id, primary.body.id, secondary.body.id]);
    expect((await desk.get(`/coverages/${secondary.body.id}`)).body).toMatchObject({ relationship: 'spouse', memberId: 'MCR123456' });

    const events = () => probe.envelopes((m) => m.key === patient.id);
    const added = await waitFor(async () => events().find((e) => e.type === 'coverage.added' && e.data.coverageId === secondary.body.id), { what: 'coverage.added' });
    expect(added).toMatchObject({ subject: patient.id, data: { patientId: patient.id, payerId: 'payer-medicare', planId: 'medicare-part-b', order: 'secondary', effectiveDate: '2026-01-01' } });
    const terminated = await waitFor(async () => events().find((e) => e.type === 'coverage.terminated' && e.data.coverageId === primary.body.id), { what: 'coverage.terminated' });
    expect(terminated.data).toMatchObject({ terminationDate: '2026-05-31', changedFields: ['terminationDate'] });
    // Minimal: no names, dates of birth, member or group numbers in the events.
    const text = JSON.stringify(events());
    for (const secret of ['Orlin', patient.lastName, '1950-03-04', 'MCR123456', 'PPO11122333', 'GRP-100']) expect(text).not.toContain(secret);
  });

  it('refuses bad dates and a missing subscriber with 400, a member id outside the payer format and an unknown plan with 422, and nothing written', async () => {
    const patient = await registerPatient(desk);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ effectiveDate: '2026-03-01', terminationDate: '2026-02-28' }, 400, 'COVERAGE.INVALID_DATES'],
      [{ relationship: 'child', subscriber: { firstName: 'Young', lastName: 'Parent', dateOfBirth: '2026-02-01' } }, 400, 'COVERAGE.INVALID_DATES'],
      [{ memberId: 'XYZ123' }, 422, 'COVERAGE.MEMBER_ID_FORMAT'],
      [{ planId: 'no-such-plan' }, 422, 'COVERAGE.PLAN_UNKNOWN'],
      [{ relationship: 'spouse' }, 400, 'COVERAGE.SUBSCRIBER_REQUIRED'],
    ];
    for (const [overrides, status, code] of cases) {
      const res = await desk.post(`/patients/${patient.id}/coverages`, coverage(overrides));
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    expect((await desk.get(`/patients/${patient.id}/coverages`)).body.items).toEqual([]);
    expect((await desk.post('/patients/no-such-patient/coverages', coverage())).body.code).toBe('PATIENT.NOT_FOUND');
  });

  it("answers 404 for a patient, or a coverage, outside the caller's care relationship", async () => {
    const patient = await registerPatient(desk);
    const added = await desk.post(`/patients/${patient.id}/coverages`, coverage());
    expect(added.status).toBe(201);
    const list = await outsider.get(`/patients/${patient.id}/coverages`);
    expect([list.status, list.body.code]).toEqual([404, 'PATIENT.NOT_FOUND']);
    const one = await outsider.get(`/coverages/${added.body.id}`);
    expect([one.status, one.body.code]).toEqual([404, 'COVERAGE.NOT_FOUND']);
    const change = await outsider.patch(`/coverages/${added.body.id}`, { terminationDate: '2026-12-31' });
    expect([change.status, change.body.code]).toEqual([404, 'COVERAGE.NOT_FOUND']);
    expect((await outsider.post(`/patients/${patient.id}/coverages`, coverage({ order: 'secondary' }))).status).toBe(404);
    expect((await desk.get(`/coverages/${added.body.id}`)).body.terminationDate).toBeUndefined();
    // A clinical role reads; it does not change.
    const nurse = await ApiClient.loginAs('registered-nurse');
    expect((await nurse.get(`/coverages/${added.body.id}`)).status).toBe(200);
    expect((await nurse.patch(`/coverages/${added.body.id}`, { groupNumber: 'X' })).status).toBe(403);
  });

  it("moves the merged record's coverages to the survivor (patient.merged)", async () => {
    const manager = await ApiClient.loginAs('office-manager');
    const keep = await registerPatient(desk);
    const duplicate = await registerPatient(desk);
    const added = await desk.post(`/patients/${duplicate.id}/coverages`, coverage({ order: 'secondary' }));
    expect(added.status).toBe(201);
    expect((await manager.post(`/patients/${keep.id}/merges`, { mergedPatientId: duplicate.id, reason: 'Same person, registered twice' })).status).toBe(201);
    const moved = await waitFor(async () => (await desk.get(`/patients/${keep.id}/coverages`)).body.items?.find((c: { id: string }) => c.id === added.body.id), { what: 'the coverage under the survivor' });
    expect(moved).toMatchObject({ patientId: keep.id, order: 'secondary' });
    expect((await desk.get(`/coverages/${added.body.id}`)).body.patientId).toBe(keep.id);
  });

  describe('on-demand eligibility (270/271 through the clearinghouse simulator)', () => {
    const checkFor = async (memberId: string, overrides: Record<string, unknown> = {}) => {
      const patient = await registerPatient(desk);
      const added = await desk.post(`/patients/${patient.id}/coverages`, coverage({ memberId, ...overrides }));
      expect(added.status).toBe(201);
      const res = await desk.post(`/coverages/${added.body.id}/eligibility-checks`, { dateOfService: '2026-12-01' });
      expect(res.status).toBe(201);
      return { patient, coverageId: added.body.id as string, check: res.body };
    };

    it('an active PPO: copay, coinsurance, deductible and what remains, with trace and control numbers, kept in the history', async () => {
      const { patient, coverageId, check } = await checkFor('PPO11122333');
      expect(check).toMatchObject({
        coverageId, patientId: patient.id, payerId: 'payer-acme', dateOfService: '2026-12-01', status: 'active',
        benefits: { copayCents: 2500, coinsurancePercent: 0.2, deductibleCents: 150000, deductibleRemainingCents: 35050, referralRequired: false },
        traceNumber: expect.stringMatching(/^EC/), interchangeControlNumber: expect.stringMatching(/^\d{9}$/), responseControlNumber: expect.stringMatching(/^\d{9}$/),
      });
      const again = await desk.post(`/coverages/${coverageId}/eligibility-checks`, {});
      expect(again.body.interchangeControlNumber).not.toBe(check.interchangeControlNumber);
      const history = await desk.get(`/coverages/${coverageId}/eligibility-checks`);
      expect(history.body.items.map((c: { id: string }) => c.id)).toEqual([again.body.id, check.id]);
      const event = await waitFor(async () => probe.envelopes((m) => m.key === patient.id).find((e) => e.type === 'eligibility.checked' && e.data.checkId === check.id), { what: 'eligibility.checked' });
      expect(event.data).toEqual({ checkId: check.id, coverageId, patientId: patient.id, payerId: 'payer-acme', dateOfService: '2026-12-01', status: 'active', trigger: 'on-demand', order: 'primary' });
      expect((await outsider.get(`/coverages/${coverageId}/eligibility-checks`)).status).toBe(404);
      expect((await outsider.post(`/coverages/${coverageId}/eligibility-checks`, {})).status).toBe(404);
    });

    it('refuses a check for a date before the patient, or the subscriber of a dependent, was born: 400, nothing sent or recorded', async () => {
      const patient = await registerPatient(desk, { dateOfBirth: '2020-06-01' });
      const own = await desk.post(`/patients/${patient.id}/coverages`, coverage({ effectiveDate: '2019-01-01' }));
      expect(own.status).toBe(201);
      const early = await desk.post(`/coverages/${own.body.id}/eligibility-checks`, { dateOfService: '2020-05-31' });
      expect([early.status, early.body.code]).toEqual([400, 'ELIGIBILITY.BORN_AFTER_SERVICE']);
      expect(early.body.detail).toContain('the patient (born 2020-06-01)');
      // A dependent whose parent's coverage began before the visit date asked about, the parent born after it.
      const child = await desk.post(`/patients/${patient.id}/coverages`, coverage({
        order: 'secondary', effectiveDate: '2026-01-01', memberId: 'PPO44455666',
        relationship: 'child', subscriber: { firstName: 'Young', lastName: 'Parent', dateOfBirth: '2025-09-01' },
      }));
      expect(child.status).toBe(201);
      const beforeParent = await desk.post(`/coverages/${child.body.id}/eligibility-checks`, { dateOfService: '2025-08-31' });
      expect([beforeParent.status, beforeParent.body.code]).toEqual([400, 'ELIGIBILITY.BORN_AFTER_SERVICE']);
      expect(beforeParent.body.detail).toContain('the subscriber (born 2025-09-01)');
      for (const id of [own.body.id, child.body.id]) expect((await desk.get(`/coverages/${id}/eligibility-checks`)).body.items).toEqual([]);
      // The same coverages check for a date after both births.
      expect((await desk.post(`/coverages/${child.body.id}/eligibility-checks`, { dateOfService: '2026-12-01' })).status).toBe(201);
    });

    it('inactive, member not found, and a payer that is unavailable (AAA 42, HTTP 503) are recorded results, never errors', async () => {
      expect((await checkFor('INA1234567')).check).toMatchObject({ status: 'inactive' });
      expect((await checkFor('NFD1234567')).check).toMatchObject({ status: 'needs-attention', reason: 'SUBSCRIBER_NOT_FOUND' });
      expect((await checkFor('UNA1234567')).check).toMatchObject({ status: 'payer-unavailable', reason: 'AAA_42' });
      expect((await checkFor('SVC1234567')).check).toMatchObject({ status: 'payer-unavailable', reason: 'HTTP_STATUS' });
    });

    it("the simulator's other scenarios: Medicare, terminated before the visit, a wrong date of birth, a timeout, an HMO's referral, a prior authorization, a slow answer", async () => {
      const medicare = { payerId: 'payer-medicare', planId: 'medicare-part-b', groupNumber: undefined };
      expect((await checkFor('MCR1EG4TE5MK', medicare)).check).toMatchObject({ status: 'active', benefits: { insuranceType: 'MA', deductibleRemainingCents: 0 } });
      expect((await checkFor('TRM1234567')).check).toMatchObject({ status: 'inactive', benefits: { coverageEnds: '2026-11-01' } });
      expect((await checkFor('DOB1234567')).check).toMatchObject({ status: 'needs-attention', reason: 'DOB_MISMATCH' });
      expect((await checkFor('TMO1234567')).check).toMatchObject({ status: 'payer-unavailable', reason: 'TIMEOUT' });
      expect((await checkFor('HMO1234567', { payerId: 'payer-acme-care-hmo', planId: 'acme-care-hmo' })).check).toMatchObject({ status: 'active', benefits: { referralRequired: true, copayCents: 1500 } });
      expect((await checkFor('PAU1234567')).check).toMatchObject({ status: 'active', benefits: { authorizationRequiredFor: ['30'] } });
      expect((await checkFor('SLW1234567')).check).toMatchObject({ status: 'active', benefits: { copayCents: 2500 } });
    });
  });
});
