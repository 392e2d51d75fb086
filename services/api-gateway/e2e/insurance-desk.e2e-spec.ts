import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

/*
 * What the front desk sees of insurance outside the insurance service: each appointment's
 * eligibility and authorization flag on the day view (scheduling's projection of insurance's
 * events), a desk task in patient-records when a payer's answer changed, and insurance's audit
 * entries in a patient's accesses. Own provider, appointment type and patients; member ids are
 * unique per test and their prefix picks the simulator's scenario.
 */

type Eligibility = { status: string; checkedAt?: string; checkId?: string; reason?: string };
type Authorization = { requirement: string; state: string; blocking: boolean; flagged: boolean; authorizationId?: string };
type Task = { id: string; kind: string; patientId: string; siteId: string; title: string; status: string; reference: { type: string; id: string }; links?: Record<string, string> };
type DayViewAppointment = { appointmentId: string; status: string; eligibility?: Eligibility; authorization?: Authorization };

const ZONE = 'America/New_York';
const memberId = (prefix: string) => `${prefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('insurance at the front desk', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  let provider: { id: string; name: string };
  let typeId: string;
  const probe = new KafkaProbe();
  let slot = 0;

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    provider = await createTestProvider(manager);
    // A telehealth type of its own: any hour, booked up to 120 days ahead (a reschedule beyond the 30 days of booking checks).
    typeId = `e2e-ins-${randomUUID().slice(0, 8)}`;
    const type = await manager.post('/appointment-types', { id: typeId, name: 'Insurance desk visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 120 });
    expect(type.status).toBe(201);
    await probe.record([Topics.coverages, Topics.authorizations]);
  });
  afterAll(() => probe.close());

  /** A day `days` ahead in New York, and a start on it no other booking of this file uses. */
  const dayAhead = (days: number) => DateTime.now().setZone(ZONE).plus({ days }).startOf('day');
  const startOn = (day: DateTime) => day.plus({ hours: 8, minutes: 15 * slot++ });

  const patientWithCoverage = async (prefix: string | null, overrides: Record<string, unknown> = {}) => {
    const patient = await registerPatient(desk);
    if (prefix === null) return { patient, coverageId: undefined as string | undefined, memberId: undefined as string | undefined };
    const member = memberId(prefix);
    const added = await desk.post(`/patients/${patient.id}/coverages`, {
      payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'primary', relationship: 'self', memberId: member, effectiveDate: '2026-01-01', ...overrides,
    });
    expect(added.status).toBe(201);
    return { patient, coverageId: added.body.id as string, memberId: member };
  };

  const book = async (patientId: string, day: DateTime, appointmentTypeId = typeId) => {
    const res = await desk.post('/appointments', { patientId, providerId: provider.id, siteId: 'site-downtown', appointmentTypeId, start: startOn(day).toUTC().toISO(), reason: 'Check-up' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  const onDayView = async (appointmentId: string, day: DateTime): Promise<DayViewAppointment | undefined> => {
    const res = await desk.get(`/schedule/day?siteId=site-downtown&date=${day.toISODate()}&providerId=${provider.id}`);
    expect(res.status).toBe(200);
    return (res.body.providers[0]?.appointments as DayViewAppointment[]).find((a) => a.appointmentId === appointmentId);
  };

  /** Waits until the day view shows the appointment with an eligibility that `matches`. */
  const eligibilityShown = (appointmentId: string, day: DateTime, matches: (e: Eligibility) => boolean, what: string) =>
    waitFor(async () => {
      const shown = await onDayView(appointmentId, day);
      return shown?.eligibility && matches(shown.eligibility) && shown.eligibility;
    }, { what });

  const checkedEvent = (patientId: string, match: (data: Record<string, unknown>) => boolean, what: string) =>
    waitFor(async () => probe.envelopes((m) => m.key === patientId).find((e) => e.type === 'eligibility.checked' && match(e.data)), { what });

  const checkNow = async (coverageId: string, appointmentId: string) => {
    const res = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { appointmentId });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string; dateOfService: string };
  };

  it('shows not-checked until a check for the visit, then verified with the check', async () => {
    // Beyond the 30 days of booking checks: only the desk's check below checks this visit.
    const day = dayAhead(40);
    const { patient } = await patientWithCoverage(null);
    const appointmentId = await book(patient.id, day);
    const before = await waitFor(async () => onDayView(appointmentId, day), { what: 'the appointment on the day view' });
    expect(before.eligibility).toEqual({ status: 'not-checked' });

    const member = memberId('PPO');
    const added = await desk.post(`/patients/${patient.id}/coverages`, { payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'primary', relationship: 'self', memberId: member, effectiveDate: '2026-01-01' });
    expect(added.status).toBe(201);
    const check = await checkNow(added.body.id, appointmentId);
    expect(check).toMatchObject({ status: 'active', dateOfService: day.toISODate() });
    const shown = await eligibilityShown(appointmentId, day, (e) => e.checkId === check.id, 'verified on the day view');
    expect(shown).toEqual({ status: 'verified', checkId: check.id, checkedAt: expect.any(String) });
  });

  it.each([
    ['INA', 'inactive', undefined],
    ['NFD', 'needs-attention', 'SUBSCRIBER_NOT_FOUND'],
    ['UNA', 'needs-attention', 'AAA_42'],
  ])('a booking within 30 days is checked by itself: %s shows %s', async (prefix, status, reason) => {
    const day = dayAhead(4);
    const { patient } = await patientWithCoverage(prefix);
    const appointmentId = await book(patient.id, day);
    const event = await checkedEvent(patient.id, (d) => d.appointmentId === appointmentId, 'the booking check');
    expect(event.data).toMatchObject({ appointmentId, dateOfService: day.toISODate(), siteId: 'site-downtown', order: 'primary', trigger: 'booking' });
    // A payer that is down is asked again: the shown check may be a retry, with the same verdict.
    const shown = await eligibilityShown(appointmentId, day, (e) => e.status === status, `${status} on the day view`);
    expect(shown).toMatchObject({ status, ...(reason ? { reason } : {}) });
    const checksOfVisit = probe.envelopes((m) => m.key === patient.id).filter((e) => e.type === 'eligibility.checked' && e.data.appointmentId === appointmentId);
    expect(checksOfVisit.map((e) => e.data.checkId)).toContain(shown.checkId);
  });

  it("shows the primary coverage's result, not the secondary's", async () => {
    // Beyond the 30 days of booking checks: only this test's checks reach the visits.
    const day = dayAhead(41);
    const { patient, coverageId } = await patientWithCoverage('PPO');
    const secondary = await desk.post(`/patients/${patient.id}/coverages`, {
      payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'secondary', relationship: 'self', memberId: memberId('INA'), effectiveDate: '2026-01-01',
    });
    expect(secondary.status).toBe(201);
    const appointmentId = await book(patient.id, day);
    const marker = await book(patient.id, day);
    const primaryCheck = await checkNow(coverageId!, appointmentId);
    await eligibilityShown(appointmentId, day, (e) => e.checkId === primaryCheck.id && e.status === 'verified', "the primary's check on the day view");

    // The secondary's later check (inactive), then a check of the patient's other visit: its events share the
    // patient's key, so once the other visit shows its check, the secondary's was handled before it.
    const secondaryCheck = await checkNow(secondary.body.id, appointmentId);
    expect(secondaryCheck.status).toBe('inactive');
    expect((await checkedEvent(patient.id, (d) => d.checkId === secondaryCheck.id, "the secondary's check")).data).toMatchObject({ order: 'secondary', appointmentId });
    const markerCheck = await checkNow(coverageId!, marker);
    await eligibilityShown(marker, day, (e) => e.checkId === markerCheck.id, "the other visit's check");
    expect((await onDayView(appointmentId, day))?.eligibility).toMatchObject({ status: 'verified', checkId: primaryCheck.id });
  });

  it('keeps the latest check: an older check arriving late, or a check delivered again, changes nothing', async () => {
    const day = dayAhead(43);
    const { patient, coverageId } = await patientWithCoverage('PPO');
    const appointmentId = await book(patient.id, day);
    const marker = await book(patient.id, day);
    const latest = await checkNow(coverageId!, appointmentId);
    const original = await checkedEvent(patient.id, (d) => d.checkId === latest.id, 'the check event');
    await eligibilityShown(appointmentId, day, (e) => e.checkId === latest.id, 'the check on the day view');

    // As insurance would publish them (key: the patient): an inactive check made an hour before, arriving now,
    // and the same check again under a new envelope id (a redelivery the inbox cannot recognise).
    const send = async (time: string, data: Record<string, unknown>) => {
      const id = randomUUID();
      const envelope = { id, type: 'eligibility.checked', version: 1, source: 'insurance', time, subject: patient.id, siteId: null, correlationId: `e2e-${id}`, causationId: null, data };
      await probe.publish(Topics.coverages, patient.id, JSON.stringify(envelope), { 'event-type': 'eligibility.checked' });
    };
    await send(new Date(Date.now() - 3600_000).toISOString(), { ...original.data, checkId: `elig-late-${randomUUID()}`, status: 'inactive', trigger: 'nightly' });
    await send(original.time, original.data);
    // A later check of the other visit on the same key: once it shows, both were handled before it.
    const markerCheck = await checkNow(coverageId!, marker);
    await eligibilityShown(marker, day, (e) => e.checkId === markerCheck.id, "the other visit's check");
    expect((await onDayView(appointmentId, day))?.eligibility).toEqual({ status: 'verified', checkId: latest.id, checkedAt: new Date(original.time).toISOString() });
  });

  it('is not-checked after a reschedule to another day, until that day is checked', async () => {
    const first = dayAhead(7);
    const { patient, coverageId } = await patientWithCoverage('PPO');
    const appointmentId = await book(patient.id, first);
    await eligibilityShown(appointmentId, first, (e) => e.status === 'verified', 'verified for the first day');

    // Beyond the 30 days of booking checks: nothing checks the new day by itself.
    const later = dayAhead(45);
    const moved = await desk.post(`/appointments/${appointmentId}/reschedule`, { start: startOn(later).toUTC().toISO() });
    expect(moved.status).toBe(200);
    const shownLater = await waitFor(async () => onDayView(appointmentId, later), { what: 'the appointment on its new day' });
    expect(shownLater.eligibility).toEqual({ status: 'not-checked' });
    expect(await onDayView(appointmentId, first)).toBeUndefined();

    const check = await checkNow(coverageId!, appointmentId);
    expect(check.dateOfService).toBe(later.toISODate());
    const shown = await eligibilityShown(appointmentId, later, (e) => e.checkId === check.id, 'verified for the new day');
    expect(shown.status).toBe('verified');
  });

  it("gives the visit site's desk a task when the payer's answer changed (member id changed to a terminated one and checked again)", async () => {
    const day = dayAhead(8);
    const { patient, coverageId } = await patientWithCoverage('PPO');
    const appointmentId = await book(patient.id, day);
    const first = await checkedEvent(patient.id, (d) => d.appointmentId === appointmentId, 'the booking check');
    expect(first.data.status).toBe('active');

    const terminatedMember = memberId('TRM');
    expect((await desk.patch(`/coverages/${coverageId}`, { memberId: terminatedMember })).status).toBe(200);
    const recheck = await checkNow(coverageId!, appointmentId);
    expect(recheck.status).toBe('inactive');
    await eligibilityShown(appointmentId, day, (e) => e.checkId === recheck.id && e.status === 'inactive', 'inactive on the day view');

    const changed = await waitFor(
      async () => probe.envelopes((m) => m.key === patient.id).find((e) => e.type === 'eligibility.changed' && e.data.checkId === recheck.id),
      { what: 'eligibility.changed' },
    );
    const task = await waitFor(
      async () => ((await desk.get('/tasks?siteId=site-downtown')).body.items as Task[]).find((t) => t.links?.checkId === recheck.id),
      { what: "the desk's task" },
    );
    expect(task).toMatchObject({
      id: `task_eligibility-changed_${recheck.id}`, kind: 'eligibility-changed', patientId: patient.id, siteId: 'site-downtown', status: 'open',
      reference: { type: 'eligibility-check', id: recheck.id },
      links: { coverageId, checkId: recheck.id, previousCheckId: changed.data.previousCheckId, appointmentId },
    });
    expect(task.title).toContain(`Insurance changed for the visit on ${day.toISODate()}`);
    expect(task.title).toMatch(/coverage (terminated|went from active to inactive)/);
    for (const secret of [terminatedMember, patient.lastName, '$', 'PPO']) expect(task.title).not.toContain(secret);
    // One task per change: the same change delivered again (a new envelope id, so only the task's own id can
    // tell), then another change on the same key as a marker: once its task is there, the redelivery was handled.
    const again = async (data: Record<string, unknown>) => {
      const id = randomUUID();
      const envelope = { ...changed, id, correlationId: `e2e-${id}`, data };
      await probe.publish(Topics.coverages, patient.id, JSON.stringify(envelope), { 'event-type': 'eligibility.changed' });
    };
    await again(changed.data);
    const markerCheckId = `elig-e2e-${randomUUID()}`;
    await again({ ...changed.data, checkId: markerCheckId, previousCheckId: recheck.id, changes: ['plan'] });
    const markerTask = await waitFor(
      async () => ((await desk.get('/tasks?siteId=site-downtown')).body.items as Task[]).find((t) => t.links?.checkId === markerCheckId),
      { what: "the marker change's task" },
    );
    expect(markerTask.title).toContain('plan changed');
    const tasks = (await desk.get('/tasks?siteId=site-downtown')).body.items as Task[];
    expect(tasks.filter((t) => t.links?.checkId === recheck.id).map((t) => t.id)).toEqual([task.id]);
    expect((await desk.post(`/tasks/${markerTask.id}/complete`)).status).toBe(200);
    expect((await desk.post(`/tasks/${task.id}/complete`)).status).toBe(200);
  });

  it('flags a visit whose payer needs an authorization it does not have, until one is recorded', async () => {
    // A payer of this test's own whose rules need a prior authorization for this file's type, warning only (not blocking).
    const payerId = `payer-e2e-${randomUUID().slice(0, 8)}`;
    const payer = await manager.post('/payers', {
      id: payerId, name: 'E2E Authorization Health', ediPayerId: `E2E${Math.floor(Math.random() * 1e6)}`, receiverId: 'CLEARHOUSE', claimFilingIndicator: 'CI', timelyFilingDays: 90,
      blockWithoutAuthorization: false, rules: [{ requirement: 'prior-authorization', appointmentTypeIds: [typeId] }], plans: [{ id: `${payerId}-ppo`, name: 'E2E PPO', kind: 'ppo', rules: [] }],
    });
    expect(payer.status).toBe(201);
    const day = dayAhead(42);
    const { patient, coverageId } = await patientWithCoverage('PPO', { payerId, planId: `${payerId}-ppo` });
    const appointmentId = await book(patient.id, day);
    const flagged = await waitFor(async () => (await onDayView(appointmentId, day))?.authorization, { what: 'the authorization on the day view' });
    expect(flagged).toEqual({ requirement: 'authorization', state: 'missing', blocking: false, flagged: true });

    // Obtained by phone: the visit is covered, the flag goes.
    const recorded = await desk.post(`/patients/${patient.id}/authorizations`, {
      coverageId, appointmentTypeIds: [typeId], diagnosisCodes: ['J45.909'], requestedUnits: 2, from: dayAhead(0).toISODate(), to: dayAhead(60).toISODate(),
      siteId: 'site-downtown', obtainedVia: 'phone', authorizationNumber: 'PA-E2E-1', approvedUnits: 2,
    });
    expect(recorded.status).toBe(201);
    const covered = await waitFor(async () => {
      const shown = (await onDayView(appointmentId, day))?.authorization;
      return shown?.state === 'covered' && shown;
    }, { what: 'the visit covered on the day view' });
    expect(covered).toEqual({ requirement: 'authorization', state: 'covered', blocking: false, flagged: false, authorizationId: recorded.body.id });
  });

  it("lists insurance's audit entries in the patient's accesses", async () => {
    const { patient, coverageId } = await patientWithCoverage('PPO');
    expect((await desk.get(`/coverages/${coverageId}`)).status).toBe(200);
    const check = await desk.post(`/coverages/${coverageId}/eligibility-checks`, {});
    expect(check.status).toBe(201);
    const listing = await manager.get(`/patients/${patient.id}/accesses?limit=100`);
    expect(listing.status).toBe(200);
    const insurance = (listing.body.items as Array<{ service: string; phase: string; operation: { method: string; route: string }; actor: { userId: string }; patientIds: string[] }>).filter(
      (e) => e.service === 'insurance',
    );
    const seen = insurance.filter((e) => e.phase !== 'attempt').map((e) => `${e.operation.method} ${e.operation.route}`);
    expect(seen).toEqual(expect.arrayContaining(['POST /patients/:patientId/coverages', 'GET /coverages/:id', 'POST /coverages/:id/eligibility-checks']));
    for (const e of insurance) expect(e).toMatchObject({ actor: { userId: desk.user.id }, patientIds: expect.arrayContaining([patient.id]) });
  });
});
