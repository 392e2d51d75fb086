import { randomUUID } from 'node:crypto';
import { deadLetterTopic, PatientResponseReceivedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, E2E_OVERRIDES, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { plusMinutes, registerPatient } from './support';

type Appointment = { id: string; status: string; revision: number; start: string; providerId: string; history: Array<{ action: string; by: string; revision: number; previous?: { start: string } }> };

/** Seconds after the start at which the e2e system marks a no-show (NO_SHOW_AFTER_MINUTES). */
const NO_SHOW_AFTER_S = Number(E2E_OVERRIDES.scheduling.NO_SHOW_AFTER_MINUTES) * 60;

/**
 * The appointment lifecycle through the gateway: booked → confirmed → checked-in → completed,
 * cancel, reschedule, no-show (by staff and automatic), and a patient's answer to a message.
 */
describe('appointment lifecycle', () => {
  let api: ApiClient;
  let provider: string;
  let other: string;
  const probe = new KafkaProbe();
  let hour = 0;
  /** A free hour of this file's providers, from five hours ahead (before check-in opens). */
  const freeSlot = () => {
    const t = new Date(Date.now() + (5 + hour++) * 3600_000);
    t.setUTCMinutes(0, 0, 0);
    return t.toISOString();
  };
  /** On the 1-minute e2e grid, at least `seconds` from now. */
  const soon = (seconds: number) => {
    const t = new Date(Date.now() + seconds * 1000 + 60_000);
    t.setUTCSeconds(0, 0);
    return t.toISOString();
  };

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    const manager = await ApiClient.loginAs('office-manager');
    provider = (await createTestProvider(manager)).id;
    other = (await createTestProvider(manager)).id;
    await probe.record([Topics.appointments, deadLetterTopic('scheduling')]);
  });
  afterAll(() => probe.close());

  const book = async (start: string, overrides: Record<string, unknown> = {}): Promise<Appointment> => {
    const patient = await registerPatient(api);
    const res = await api.post('/appointments', { patientId: patient.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Cough', ...overrides });
    expect(res.status).toBe(201);
    return res.body;
  };
  const get = async (id: string): Promise<Appointment> => (await api.get(`/appointments/${id}`)).body;
  /** The appointment's events, each once (delivery is at least once: the relay may publish one twice). */
  const eventsOf = (id: string) => {
    const events = probe.seen.filter((m) => m.key === id && m.topic === Topics.appointments).map((m) => JSON.parse(m.value!) as { id: string; type: string; data: Record<string, unknown> });
    return events.filter((e, i) => events.findIndex((o) => o.id === e.id) === i);
  };

  it('goes booked → confirmed → checked-in → completed, one event per step with its revision', async () => {
    const a = await book(soon(120));
    const confirmed = await api.post(`/appointments/${a.id}/confirm`);
    expect([confirmed.status, confirmed.body.status, confirmed.body.revision]).toEqual([200, 'confirmed', 2]);
    const checkedIn = await api.post(`/appointments/${a.id}/check-in`);
    expect([checkedIn.status, checkedIn.body.status]).toEqual([200, 'checked-in']);
    const completed = await api.post(`/appointments/${a.id}/check-out`);
    expect([completed.status, completed.body.status, completed.body.revision]).toEqual([200, 'completed', 4]);
    expect((await get(a.id)).history.map((h) => [h.action, h.revision])).toEqual([
      ['booked', 1],
      ['confirmed', 2],
      ['checked-in', 3],
      ['completed', 4],
    ]);
    const events = await waitFor(async () => {
      const seen = eventsOf(a.id);
      return seen.length >= 4 && seen;
    }, { what: 'four appointment events' });
    expect(events.map((e) => [e.type, e.data.revision])).toEqual([
      ['appointment.booked', 1],
      ['appointment.confirmed', 2],
      ['appointment.checked-in', 3],
      ['appointment.completed', 4],
    ]);
    expect(events[1].data).toMatchObject({ via: 'staff', confirmedBy: api.user.id });
    expect(events[3].data).toMatchObject({ appointmentTypeId: 'urgent-care', completedBy: api.user.id });
  });

  it('refuses illegal transitions with 409 and a clear code', async () => {
    const a = await book(freeSlot());
    const checkOut = await api.post(`/appointments/${a.id}/check-out`);
    expect([checkOut.status, checkOut.body.code]).toEqual([409, 'APPOINTMENT.INVALID_TRANSITION']);
    expect(checkOut.body.detail).toContain('booked cannot become completed');
    expect((await api.post(`/appointments/${a.id}/check-in`)).body.code).toBe('APPOINTMENT.TOO_EARLY_TO_CHECK_IN');
    expect((await api.post(`/appointments/${a.id}/no-show`)).body.code).toBe('APPOINTMENT.NOT_STARTED');
    expect((await api.post(`/appointments/${a.id}/cancel`, { reason: 'Provider ill', party: 'clinic' })).body).toMatchObject({ status: 'cancelled', cancellation: { party: 'clinic' } });
    for (const action of ['confirm', 'check-in', 'check-out', 'no-show']) {
      const res = await api.post(`/appointments/${a.id}/${action}`);
      expect([action, res.status, res.body.code]).toEqual([action, 409, 'APPOINTMENT.INVALID_TRANSITION']);
    }
    const moved = await api.post(`/appointments/${a.id}/reschedule`, { start: freeSlot() });
    expect([moved.status, moved.body.code]).toEqual([409, 'APPOINTMENT.INVALID_TRANSITION']);
    expect((await get(a.id)).revision).toBe(2);
  });

  it('reschedules keeping the id and the history, frees the old time and takes the new one', async () => {
    const from = freeSlot();
    const to = freeSlot();
    const a = await book(from);
    expect((await api.post(`/appointments/${a.id}/confirm`)).status).toBe(200);
    const moved = await api.post(`/appointments/${a.id}/reschedule`, { start: to, reason: 'Patient asked' });
    expect(moved.status).toBe(200);
    // Same id; a confirmed appointment that moves needs confirming again.
    expect(moved.body).toMatchObject({ id: a.id, status: 'booked', revision: 3, providerId: provider });
    expect(new Date(moved.body.start).toISOString()).toBe(to);
    const history = (await get(a.id)).history;
    expect(history.map((h) => h.action)).toEqual(['booked', 'confirmed', 'rescheduled']);
    expect(new Date(history[2].previous!.start).toISOString()).toBe(from);

    // The old time is free again, the new one is taken.
    const other1 = await registerPatient(api);
    const atOld = await api.post('/appointments', { patientId: other1.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: from, reason: 'x' });
    expect(atOld.status).toBe(201);
    const atNew = await api.post('/appointments', { patientId: other1.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: plusMinutes(to, 5), reason: 'x' });
    expect([atNew.status, atNew.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);

    // Into a taken time: 409 and nothing changes.
    const blocked = await api.post(`/appointments/${a.id}/reschedule`, { start: from });
    expect([blocked.status, blocked.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);
    expect((await get(a.id)).revision).toBe(3);

    // To another provider at the same time (a move within its own time is fine for the patient).
    const toOther = await api.post(`/appointments/${a.id}/reschedule`, { start: to, providerId: other });
    expect(toOther.body).toMatchObject({ id: a.id, providerId: other, revision: 4 });
    const atFreed = await api.post('/appointments', { patientId: (await registerPatient(api)).id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: to, reason: 'x' });
    expect(atFreed.status).toBe(201);

    const rescheduled = await waitFor(async () => {
      const seen = eventsOf(a.id).filter((e) => e.type === 'appointment.rescheduled');
      return seen.length === 2 && seen;
    }, { what: 'two appointment.rescheduled events' });
    expect(rescheduled[0].data).toMatchObject({ appointmentId: a.id, previousStart: from, previousProviderId: provider, status: 'booked', revision: 3, reason: 'Patient asked' });
    expect(new Date(rescheduled[0].data.start as string).toISOString()).toBe(to);
    expect(rescheduled[1].data).toMatchObject({ providerId: other, previousProviderId: provider, revision: 4 });
  });

  it('marks an appointment nobody checked in for as a no-show, automatically, after the grace period', async () => {
    // Providers of their own: the first test's visit is around this time too.
    const manager = await ApiClient.loginAs('office-manager');
    const [p1, p2] = [(await createTestProvider(manager)).id, (await createTestProvider(manager)).id];
    const waiting = await book(soon(20), { providerId: p1 });
    const arrived = await book(waiting.start, { providerId: p2 });
    expect((await api.post(`/appointments/${arrived.id}/check-in`)).status).toBe(200);
    const deadline = new Date(waiting.start).getTime() + NO_SHOW_AFTER_S * 1000;
    expect((await get(waiting.id)).status).toBe('booked');
    const marked = await waitFor(async () => {
      const a = await get(waiting.id);
      return a.status === 'no-show' && a;
    }, { timeoutMs: deadline - Date.now() + 30_000, intervalMs: 1000, what: 'the automatic no-show' });
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(marked.history.at(-1)).toMatchObject({ action: 'no-show', by: 'system' });
    const event = await waitFor(async () => eventsOf(waiting.id).find((e) => e.type === 'appointment.no-show'), { what: 'appointment.no-show' });
    expect(event.data).toMatchObject({ markedBy: 'system', revision: 2 });
    expect((await get(arrived.id)).status).toBe('checked-in');
  }, 150_000);

  it("confirms or cancels from the patient's answer to a message, once, and ignores one that no longer applies", async () => {
    const a = await book(freeSlot());
    const patientId = ((await api.get(`/appointments/${a.id}`)).body as { patientId: string }).patientId;
    const respond = (from: string, action: 'confirm' | 'cancel', via: 'link' | 'sms' = 'link') => {
      const envelope = {
        id: randomUUID(),
        type: PatientResponseReceivedV1.type,
        version: PatientResponseReceivedV1.version,
        source: 'notification',
        time: new Date().toISOString(),
        subject: a.id,
        siteId: 'site-downtown',
        correlationId: randomUUID(),
        causationId: null,
        data: { responseId: randomUUID(), appointmentId: a.id, patientId: from, siteId: 'site-downtown', action, via, messageId: randomUUID(), receivedAt: new Date().toISOString() },
      };
      return probe.publish(Topics.patientResponses, a.id, JSON.stringify(envelope), { 'event-type': envelope.type });
    };

    await respond(patientId, 'confirm');
    const confirmed = await waitFor(async () => {
      const now = await get(a.id);
      return now.status === 'confirmed' && now;
    }, { what: 'the appointment to be confirmed by the patient' });
    expect(confirmed.history.at(-1)).toMatchObject({ action: 'confirmed', by: 'patient' });
    const event = await waitFor(async () => eventsOf(a.id).find((e) => e.type === 'appointment.confirmed'), { what: 'appointment.confirmed' });
    expect(event.data).toMatchObject({ via: 'link', confirmedBy: 'patient', revision: 2 });

    // The same answer again and someone else's answer change nothing; the patient's cancel (same
    // key, so consumed after them) does.
    await respond(patientId, 'confirm');
    await respond('someone-else', 'cancel');
    await respond(patientId, 'cancel', 'sms');
    const cancelled = await waitFor(async () => {
      const now = (await api.get(`/appointments/${a.id}`)).body;
      return now.status === 'cancelled' && now;
    }, { what: 'the appointment to be cancelled by the patient' });
    expect(cancelled.history.map((h: { action: string }) => h.action)).toEqual(['booked', 'confirmed', 'cancelled']);
    expect(cancelled.cancellation).toMatchObject({ party: 'patient', cancelledBy: 'patient', reason: 'Cancelled by the patient (sms)' });

    // An answer to a cancelled appointment is ignored (logged), not dead-lettered. A malformed
    // answer behind it on the same key is dead-lettered: once that dead letter is out, the
    // answer before it has been handled.
    await respond(patientId, 'confirm');
    const marker = await probe.publishMalformed(Topics.patientResponses, a.id, PatientResponseReceivedV1.type, PatientResponseReceivedV1.version);
    const deadLetters = () => probe.seen.filter((m) => m.topic === deadLetterTopic('scheduling') && m.key === a.id);
    await waitFor(async () => deadLetters().length > 0, { what: 'the dead letter of the malformed answer' });
    expect(deadLetters().map((m) => JSON.parse(m.value!).id)).toEqual([marker]);
    expect((await get(a.id))).toMatchObject({ status: 'cancelled', revision: 3 });
  });
});
