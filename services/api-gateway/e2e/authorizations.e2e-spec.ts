import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

/*
 * Prior authorization end to end (insurance service, X12 278 through the clearinghouse simulator):
 * an authorization's life (requested, approved with number/units/dates, units used by visits at
 * check-in, expired when used up or past its end), denied, modified, pended then decided on
 * refresh, payer unavailable, recorded by phone; each booked visit's assessment
 * (visit-authorization.assessed); a blocking payer refuses the booking with 409 and books nothing,
 * a non-blocking one books and flags. The file's own payers, created through the payers routes.
 */
describe('prior authorizations', () => {
  let desk: ApiClient;
  let billing: ApiClient;
  let provider: string;
  const probe = new KafkaProbe();
  const run = randomUUID().slice(0, 8);
  const flagging = `payer-pa-flag-${run}`;
  const blocking = `payer-pa-block-${run}`;
  const today = DateTime.now().setZone('America/New_York').toISODate()!;
  const day = (days: number) => DateTime.fromISO(today).plus({ days }).toISODate()!;
  let minute = 20;
  /** A start on the 1-minute grid minutes from now (check-in opens 4 hours before): each visit its own time with this file's provider. */
  const soon = () => {
    const t = new Date(Date.now() + (minute += 20) * 60_000);
    t.setUTCSeconds(0, 0);
    return t.toISOString();
  };

  const payer = (id: string, blockWithoutAuthorization: boolean) => ({
    id, name: `Prior Auth Test ${id.slice(-14)}`, ediPayerId: `PA${run.slice(0, 5)}`, receiverId: 'CLEARHOUSE', claimFilingIndicator: 'CI', timelyFilingDays: 90,
    blockWithoutAuthorization,
    rules: [{ requirement: 'prior-authorization', appointmentTypeIds: ['urgent-care'], note: 'test rule' }],
    plans: [{ id: `${id}-plan`, name: 'Test plan', kind: 'ppo', rules: [] }],
  });

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    billing = await ApiClient.loginAs('billing-coder');
    const manager = await ApiClient.loginAs('office-manager');
    provider = (await createTestProvider(manager)).id;
    for (const [id, block] of [[flagging, false], [blocking, true]] as const) expect((await billing.post('/payers', payer(id, block))).status).toBe(201);
    await probe.record([Topics.authorizations]);
  });
  afterAll(() => probe.close());

  /** A new patient whose primary coverage is with `payerId`; the member id's prefix chooses the simulator's 278 answer. */
  const patientWith = async (payerId: string, prefix: string) => {
    const patient = await registerPatient(desk);
    const coverage = await desk.post(`/patients/${patient.id}/coverages`, {
      payerId, planId: `${payerId}-plan`, order: 'primary', relationship: 'self', memberId: `${prefix}${randomUUID().replace(/-/g, '').slice(0, 9).toUpperCase()}`, effectiveDate: '2026-01-01',
    });
    expect(coverage.status).toBe(201);
    return { patientId: patient.id, coverageId: coverage.body.id as string, memberId: coverage.body.memberId as string };
  };
  const book = (patientId: string) => desk.post('/appointments', { patientId, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: soon(), reason: 'Wheezing' });
  const request = (coverageId: string, overrides: Record<string, unknown> = {}) => ({
    coverageId, appointmentTypeIds: ['urgent-care'], serviceCodes: ['X7055'], diagnosisCodes: ['J45.909'], requestedUnits: 2, from: day(-1), to: day(30), ...overrides,
  });
  const events = (patientId: string, type: string) => probe.envelopes((m) => m.key === patientId).filter((e) => e.type === type);
  /** The latest assessment of a visit, once it says `state`. */
  const assessed = (patientId: string, appointmentId: string, state: string) =>
    waitFor(async () => {
      const mine = events(patientId, 'visit-authorization.assessed').filter((e) => e.data.appointmentId === appointmentId);
      const last = mine[mine.length - 1];
      return last?.data.state === state ? last : undefined;
    }, { what: `visit ${appointmentId} assessed ${state}` });

  it("lives: a visit flagged as missing, the 278 approved with number, units and dates, visits covered and using one unit each at check-in, expired when used up", async () => {
    const { patientId, coverageId, memberId } = await patientWith(flagging, 'AUA');
    // A non-blocking payer books, and the visit is flagged.
    const first = await book(patientId);
    expect(first.status).toBe(201);
    const missing = await assessed(patientId, first.body.id, 'missing');
    expect(missing.data).toEqual({ appointmentId: first.body.id, patientId, siteId: 'site-downtown', requirement: 'authorization', state: 'missing', blocking: false });

    const created = await desk.post(`/patients/${patientId}/authorizations`, request(coverageId));
    expect(created.status).toBe(201);
    const auth = created.body;
    expect(auth).toMatchObject({
      patientId, coverageId, payerId: flagging, status: 'approved', source: 'x12-278', action: 'A1', authorizationNumber: expect.stringMatching(/^PA[0-9A-F]{10}$/),
      approvedUnits: 2, usedUnits: 0, remainingUnits: 2, validFrom: day(-1), validTo: day(30), diagnosisCodes: ['J45.909'],
      traceNumber: expect.stringMatching(/^PA/), interchangeControlNumber: expect.stringMatching(/^\d{9}$/),
    });
    const covered = await assessed(patientId, first.body.id, 'covered');
    expect(covered.data).toMatchObject({ requirement: 'authorization', authorizationId: auth.id, blocking: false });
    const second = await book(patientId);
    expect(second.status).toBe(201);
    await assessed(patientId, second.body.id, 'covered');

    // The simulator received our 278 (its member id, our trace) in our interchange.
    const received = await waitFor(async () => (await (await fetch(`${process.env.CLEARINGHOUSE_URL ?? clearinghouseUrl()}/admin/reviews`)).json() as { items: Array<{ traceNumber: string; memberId: string; action: string; interchangeControlNumbers: string[] }> }).items.find((r) => r.traceNumber === auth.traceNumber), { what: 'the 278 at the simulator' });
    expect(received).toMatchObject({ memberId, action: 'A1', interchangeControlNumbers: [auth.interchangeControlNumber] });

    expect((await desk.post(`/appointments/${first.body.id}/check-in`)).status).toBe(200);
    const used = await waitFor(async () => events(patientId, 'authorization.units-used').find((e) => e.data.appointmentId === first.body.id), { what: 'units used by the first visit' });
    expect(used.data).toMatchObject({ authorizationId: auth.id, units: 1, usedUnits: 1, approvedUnits: 2, status: 'approved' });
    expect((await desk.get(`/authorizations/${auth.id}`)).body).toMatchObject({ status: 'approved', usedUnits: 1, remainingUnits: 1, usages: [{ appointmentId: first.body.id, units: 1 }] });

    expect((await desk.post(`/appointments/${second.body.id}/check-in`)).status).toBe(200);
    const expired = await waitFor(async () => events(patientId, 'authorization.expired').find((e) => e.data.authorizationId === auth.id), { what: 'authorization.expired' });
    expect(expired.data).toMatchObject({ status: 'expired', reason: 'UNITS_USED', usedUnits: 2 });
    expect((await desk.get(`/authorizations/${auth.id}`)).body).toMatchObject({ status: 'expired', usedUnits: 2, remainingUnits: 0 });
    // Units used up: the next visit has nothing to cover it.
    const third = await book(patientId);
    expect(third.status).toBe(201);
    await assessed(patientId, third.body.id, 'missing');

    const requested = events(patientId, 'authorization.requested').find((e) => e.data.authorizationId === auth.id);
    const decided = events(patientId, 'authorization.decided').find((e) => e.data.authorizationId === auth.id);
    expect(requested.data).toMatchObject({ status: 'pending', coverageId, payerId: flagging, siteId: 'site-downtown' });
    expect(decided.data).toMatchObject({ status: 'approved', authorizationNumber: auth.authorizationNumber, approvedUnits: 2, validFrom: day(-1), validTo: day(30) });
    // Minimal: no diagnoses or member ids in the events.
    const text = JSON.stringify(probe.envelopes((m) => m.key === patientId));
    for (const secret of ['J45', memberId]) expect(text).not.toContain(secret);
  });

  it('denied (A3 with its reason), modified (A6: fewer units), and a payer that is down leaves it pending', async () => {
    const denied = await patientWith(flagging, 'AUD');
    const res = await desk.post(`/patients/${denied.patientId}/authorizations`, request(denied.coverageId));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'denied', action: 'A3', reason: '35' });
    expect(res.body.authorizationNumber).toBeUndefined();
    const decided = await waitFor(async () => events(denied.patientId, 'authorization.decided').find((e) => e.data.authorizationId === res.body.id), { what: 'authorization.decided (denied)' });
    expect(decided.data).toMatchObject({ status: 'denied', reason: '35' });

    const modified = await patientWith(flagging, 'AUM');
    const fewer = await desk.post(`/patients/${modified.patientId}/authorizations`, request(modified.coverageId, { requestedUnits: 6 }));
    expect(fewer.body).toMatchObject({ status: 'approved', action: 'A6', requestedUnits: 6, approvedUnits: 3, authorizationNumber: expect.any(String) });

    for (const prefix of ['UNA', 'SVC']) {
      const down = await patientWith(flagging, prefix);
      const pending = await desk.post(`/patients/${down.patientId}/authorizations`, request(down.coverageId));
      expect([pending.status, pending.body.status, pending.body.reason]).toEqual([201, 'pending', 'PAYER_UNAVAILABLE']);
    }
  });

  it('pended (A4), the visit shows it pending; asked again with the same trace it is approved and the visit covered', async () => {
    const { patientId, coverageId } = await patientWith(flagging, 'AUP');
    const visit = await book(patientId);
    expect(visit.status).toBe(201);
    await assessed(patientId, visit.body.id, 'missing');
    const pended = await desk.post(`/patients/${patientId}/authorizations`, request(coverageId));
    expect(pended.body).toMatchObject({ status: 'pending', action: 'A4' });
    await assessed(patientId, visit.body.id, 'pending');

    const refreshed = await billing.post(`/authorizations/${pended.body.id}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ status: 'approved', action: 'A1', traceNumber: pended.body.traceNumber, approvedUnits: 2, authorizationNumber: expect.any(String) });
    expect(refreshed.body.interchangeControlNumber).not.toBe(pended.body.interchangeControlNumber);
    const covered = await assessed(patientId, visit.body.id, 'covered');
    expect(covered.data.authorizationId).toBe(pended.body.id);
    const again = await billing.post(`/authorizations/${pended.body.id}/refresh`);
    expect([again.status, again.body.code]).toEqual([409, 'AUTHORIZATION.NOT_PENDING']);
    expect((await desk.get(`/patients/${patientId}/authorizations`)).body.items.map((a: { id: string }) => a.id)).toEqual([pended.body.id]);
  });

  it('a blocking payer refuses the booking with 409 and books nothing, until an authorization obtained by phone is recorded', async () => {
    const { patientId, coverageId } = await patientWith(blocking, 'AUA');
    const refused = await book(patientId);
    expect([refused.status, refused.body.code]).toEqual([409, 'APPOINTMENT.AUTHORIZATION_REQUIRED']);
    expect((await desk.get(`/appointments?patientId=${patientId}`)).body.items).toEqual([]);

    const phoned = await desk.post(`/patients/${patientId}/authorizations`, request(coverageId, { obtainedVia: 'phone', authorizationNumber: 'PH-44120', approvedUnits: 1, serviceCodes: [] }));
    expect(phoned.status).toBe(201);
    expect(phoned.body).toMatchObject({ status: 'approved', source: 'phone', authorizationNumber: 'PH-44120', approvedUnits: 1, validFrom: day(-1), validTo: day(30) });
    expect(phoned.body.traceNumber).toBeUndefined();
    const booked = await book(patientId);
    expect(booked.status).toBe(201);
    const covered = await assessed(patientId, booked.body.id, 'covered');
    expect(covered.data).toMatchObject({ authorizationId: phoned.body.id, blocking: true });
  });

  it('expires an approved authorization past its last day (on read), and refuses bad input with 400 and nothing written', async () => {
    const { patientId, coverageId } = await patientWith(flagging, 'AUA');
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ diagnosisCodes: ['123'] }, 'REQUEST.VALIDATION_FAILED'],
      [{ serviceCodes: ['99'] }, 'REQUEST.VALIDATION_FAILED'],
      [{ from: day(5), to: day(1) }, 'AUTHORIZATION.INVALID_REQUEST'],
      [{ obtainedVia: 'phone' }, 'AUTHORIZATION.INVALID_REQUEST'],
      [{ approvedUnits: 3 }, 'AUTHORIZATION.INVALID_REQUEST'],
      [{ appointmentTypeIds: [], serviceCodes: [] }, 'AUTHORIZATION.INVALID_REQUEST'],
    ];
    for (const [overrides, code] of bad) {
      const res = await desk.post(`/patients/${patientId}/authorizations`, request(coverageId, overrides));
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    expect((await desk.get(`/patients/${patientId}/authorizations`)).body.items).toEqual([]);

    const old = await desk.post(`/patients/${patientId}/authorizations`, request(coverageId, { obtainedVia: 'portal', authorizationNumber: 'PORTAL-1', approvedUnits: 4, from: day(-40), to: day(-1) }));
    expect(old.status).toBe(201);
    expect(old.body).toMatchObject({ status: 'expired', reason: 'EXPIRED', source: 'portal' });
    const expired = await waitFor(async () => events(patientId, 'authorization.expired').find((e) => e.data.authorizationId === old.body.id), { what: 'authorization.expired (past its end)' });
    expect(expired.data).toMatchObject({ reason: 'EXPIRED', validTo: day(-1) });
    // A clinical role reads; it does not request.
    const nurse = await ApiClient.loginAs('registered-nurse');
    expect((await nurse.get(`/authorizations/${old.body.id}`)).status).toBe(200);
    expect((await nurse.post(`/patients/${patientId}/authorizations`, request(coverageId))).status).toBe(403);
  });

  it("moves the merged record's authorizations to the survivor (patient.merged)", async () => {
    const manager = await ApiClient.loginAs('office-manager');
    const keep = await registerPatient(desk);
    const duplicate = await patientWith(flagging, 'AUA');
    const added = await desk.post(`/patients/${duplicate.patientId}/authorizations`, request(duplicate.coverageId, { obtainedVia: 'fax', authorizationNumber: 'FAX-9', approvedUnits: 2 }));
    expect(added.status).toBe(201);
    expect((await manager.post(`/patients/${keep.id}/merges`, { mergedPatientId: duplicate.patientId, reason: 'Same person, registered twice' })).status).toBe(201);
    const moved = await waitFor(async () => (await desk.get(`/patients/${keep.id}/authorizations`)).body.items?.find((a: { id: string }) => a.id === added.body.id), { what: 'the authorization under the survivor' });
    expect(moved).toMatchObject({ patientId: keep.id, authorizationNumber: 'FAX-9' });
  });
});

/** The simulator's address on the test profile. */
function clearinghouseUrl(): string {
  const { profile } = require('../../../infra/lib/profile') as { profile(name: string): { env: Record<string, string> } };
  return profile(process.env.CLINIC_FLOW_TEST_PROFILE || 'test').env.CLEARINGHOUSE_URL;
}
