import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { downtownOpeningHoursSlot, plusMinutes, registerPatient } from './support';

/*
 * Booking rules through the gateway. Each run books with providers of its own (available around
 * the clock), so reruns against the same database never meet their earlier bookings.
 */
describe('booking', () => {
  let api: ApiClient;
  let manager: ApiClient;
  let patientId: string;
  let provider: string;
  let other: string;
  let hour = 0;
  /** The next free hour of this file's providers, from three hours ahead (urgent care: 15 min, no lead time). */
  const freeSlot = () => {
    const t = new Date(Date.now() + (3 + hour++) * 3600_000);
    t.setUTCMinutes(0, 0, 0);
    return t.toISOString();
  };

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    patientId = (await registerPatient(api)).id;
    provider = (await createTestProvider(manager)).id;
    other = (await createTestProvider(manager)).id;
  });

  const book = (start: string, overrides: Record<string, unknown> = {}, client = api) =>
    client.post('/appointments', { patientId, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Follow-up', ...overrides });

  it('books an appointment of a type and returns it in the site time zone', async () => {
    const start = freeSlot();
    const res = await book(start);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), status: 'booked', durationMinutes: 15, appointmentTypeId: 'urgent-care', telehealth: true, revision: 1 });
    // Downtown is in America/New_York: the answer carries that offset and means the same instant.
    expect(res.body.start).toMatch(/-0[45]:00$/);
    expect(new Date(res.body.start).toISOString()).toBe(new Date(start).toISOString());
    expect(new Date(res.body.end).getTime() - new Date(res.body.start).getTime()).toBe(15 * 60_000);
    const fetched = await api.get(`/appointments/${res.body.id}`);
    expect(fetched.body).toMatchObject({ id: res.body.id, status: 'booked', patientId, history: [{ action: 'booked', revision: 1 }] });
    const listed = await api.get(`/appointments?patientId=${patientId}`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
  });

  it('refuses an overlapping booking for the same provider with 409 but allows back-to-back', async () => {
    const start = freeSlot();
    expect((await book(start)).status).toBe(201);
    const someoneElse = (await registerPatient(api)).id;
    const overlap = await book(plusMinutes(start, 5), { patientId: someoneElse });
    expect([overlap.status, overlap.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);
    expect((await book(plusMinutes(start, 15), { patientId: someoneElse })).status).toBe(201);
    expect((await book(start, { patientId: someoneElse, providerId: other })).status).toBe(201);
  });

  it('refuses to put one patient in two visits at once, even with two providers', async () => {
    const start = freeSlot();
    expect((await book(start)).status).toBe(201);
    const res = await book(plusMinutes(start, 10), { providerId: other });
    expect([res.status, res.body.code]).toEqual([409, 'APPOINTMENT.PATIENT_OVERLAP']);
    // The provider's claims of the refused booking were given back.
    const someoneElse = (await registerPatient(api)).id;
    expect((await book(plusMinutes(start, 10), { providerId: other, patientId: someoneElse })).status).toBe(201);
  });

  it('lets exactly one of many simultaneous bookings of one slot through', async () => {
    const start = freeSlot();
    const patients = await Promise.all([1, 2, 3, 4].map(() => registerPatient(api)));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book(plusMinutes(start, (i % 3) * 5), { patientId: patients[i % patients.length].id })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['APPOINTMENT.SLOT_TAKEN']));
  });

  it('gives each booking of a type that needs a room a free room, and refuses a taken room', async () => {
    const start = downtownOpeningHoursSlot();
    const newPatient = (p: string, providerId: string, extra: Record<string, unknown> = {}) =>
      book(start, { patientId: p, providerId, appointmentTypeId: 'new-patient', ...extra });
    const [p1, p2, p3] = await Promise.all([1, 2, 3].map(() => registerPatient(api)));
    const third = (await createTestProvider(manager)).id;
    const first = await newPatient(p1.id, provider, { roomId: 'room-downtown-exam-3' });
    expect([first.status, first.body.roomId]).toEqual([201, 'room-downtown-exam-3']);
    const taken = await newPatient(p2.id, other, { roomId: 'room-downtown-exam-3' });
    expect([taken.status, taken.body.code]).toEqual([409, 'APPOINTMENT.ROOM_TAKEN']);
    const anyRoom = await newPatient(p2.id, other);
    expect(anyRoom.status).toBe(201);
    expect(anyRoom.body.roomId).toMatch(/^room-downtown-exam-[12]$/);
    const elsewhere = await newPatient(p3.id, third, { roomId: 'room-riverside-exam-1' });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([422, 'APPOINTMENT.UNKNOWN_ROOM']);
    // Free the rooms again (they are shared by every run).
    for (const id of [first.body.id, anyRoom.body.id]) expect((await api.post(`/appointments/${id}/cancel`, { reason: 'Test clean-up' })).status).toBe(200);
  });

  it('lets an office manager overbook with a reason, recorded; refuses it to a receptionist', async () => {
    const start = freeSlot();
    expect((await book(start)).status).toBe(201);
    const someoneElse = (await registerPatient(api)).id;
    const refused = await book(start, { patientId: someoneElse, overbookReason: 'Patient in pain' });
    expect([refused.status, refused.body.code]).toEqual([403, 'APPOINTMENT.OVERBOOK_FORBIDDEN']);

    const probe = new KafkaProbe();
    await probe.record([Topics.appointments]);
    try {
      const overbooked = await book(start, { patientId: someoneElse, overbookReason: 'Patient in pain' }, manager);
      expect(overbooked.status).toBe(201);
      expect(overbooked.body).toMatchObject({ overbookReason: 'Patient in pain', history: [{ action: 'booked', reason: 'overbooked: Patient in pain' }] });
      const event = await waitFor(async () => probe.seen.find((m) => m.key === overbooked.body.id && m.headers['event-type'] === 'appointment.booked'), { what: 'the booked event' });
      // appointment.booked v2: the overbooking's and the visit's reasons stay in scheduling (free text about the patient).
      expect(JSON.parse(event.value!)).toMatchObject({ version: 2, data: { appointmentTypeId: 'urgent-care', revision: 1 } });
      expect(JSON.parse(event.value!).data).not.toHaveProperty('overbookReason');
      expect(JSON.parse(event.value!).data).not.toHaveProperty('reason');
    } finally {
      await probe.close();
    }
    // Outside availability (a demo provider on a Sunday at 3 a.m.) is overridable too, but not the lead time.
    const sunday = new Date(start);
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7 || 7));
    sunday.setUTCHours(8, 0, 0, 0); // 03:00 or 04:00 in New York
    const outside = { providerId: 'prov-ana-ruiz', appointmentTypeId: 'telehealth-follow-up', patientId: someoneElse };
    expect((await book(sunday.toISOString(), outside)).body.code).toBe('APPOINTMENT.OUTSIDE_AVAILABILITY');
    const night = await book(sunday.toISOString(), { ...outside, overbookReason: 'Night call' }, manager);
    expect(night.status).toBe(201);
    expect((await api.post(`/appointments/${night.body.id}/cancel`, { reason: 'Test clean-up' })).status).toBe(200);
    const tooSoon = await book(plusMinutes(new Date().toISOString(), 10).replace(/:\d\d\.\d+Z$/, ':00.000Z'), { ...outside, overbookReason: 'Now' }, manager);
    expect(tooSoon.body.code).toBe('APPOINTMENT.LEAD_TIME');
  });

  it('refuses bookings too soon or too far ahead for the type with 422', async () => {
    const soon = new Date(Date.now() + 10 * 60_000);
    soon.setUTCSeconds(0, 0);
    // new-patient: at least 24 h ahead.
    const tooSoon = await book(soon.toISOString(), { appointmentTypeId: 'new-patient' });
    expect([tooSoon.status, tooSoon.body.code]).toEqual([422, 'APPOINTMENT.LEAD_TIME']);
    // urgent-care: at most 30 days ahead.
    const far = new Date(Date.now() + 40 * 86_400_000);
    far.setUTCHours(12, 0, 0, 0);
    const tooFar = await book(far.toISOString());
    expect([tooFar.status, tooFar.body.code]).toEqual([422, 'APPOINTMENT.BEYOND_HORIZON']);
    const unknownType = await book(freeSlot(), { appointmentTypeId: 'no-such-type' });
    expect([unknownType.status, unknownType.body.code]).toEqual([422, 'APPOINTMENT.UNKNOWN_TYPE']);
  });

  it('frees the slot when the appointment is cancelled, and refuses a second cancel with 409', async () => {
    const start = freeSlot();
    const first = await book(start);
    const cancelled = await api.post(`/appointments/${first.body.id}/cancel`, { reason: 'Patient request' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Patient request', party: 'patient' } });
    expect((await api.post(`/appointments/${first.body.id}/cancel`, { reason: 'again' })).body.code).toBe('APPOINTMENT.INVALID_TRANSITION');
    expect((await book(start)).status).toBe(201);
  });

  it('cancels exactly once, right after booking too, and publishes one appointment.cancelled each', async () => {
    const probe = new KafkaProbe();
    await probe.record([Topics.appointments]);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const booked = await book(freeSlot());
        expect(booked.status).toBe(201);
        ids.push(booked.body.id);
        // The outbox relay is clearing the booking's event while these arrive.
        expect((await api.post(`/appointments/${booked.body.id}/cancel`, { reason: 'first' })).status).toBe(200);
        const again = await api.post(`/appointments/${booked.body.id}/cancel`, { reason: 'second' });
        expect([again.status, again.body.code]).toEqual([409, 'APPOINTMENT.INVALID_TRANSITION']);
        expect((await api.get(`/appointments/${booked.body.id}`)).body.cancellation.reason).toBe('first');
      }
      // An appointment's events come in revision order on its key: once the event of its last
      // revision (as stored) is seen, every event before it is too.
      const eventsOf = (id: string) => probe.seen.filter((m) => m.key === id).map((m) => JSON.parse(m.value!) as { type: string; version: number; data: { reason?: string; revision: number } });
      for (const id of ids) {
        const { revision } = (await api.get(`/appointments/${id}`)).body as { revision: number };
        await waitFor(async () => eventsOf(id).some((e) => e.data.revision === revision), { what: `the event of revision ${revision} of ${id}` });
        expect(revision).toBe(2);
        // One cancellation event (v2: its reason, 'first' above, stays in the appointment's record).
        expect(eventsOf(id).filter((e) => e.type === 'appointment.cancelled').map((e) => [e.version, e.data.reason])).toEqual([[2, undefined]]);
      }
    } finally {
      await probe.close();
    }
  });

  it('refuses times in the past or off the grid with 422', async () => {
    expect((await book('2020-01-01T10:00:00Z')).body.code).toBe('APPOINTMENT.START_IN_PAST');
    expect((await book(freeSlot().replace(':00.000Z', ':30.000Z'))).body.code).toBe('APPOINTMENT.OFF_GRID');
    expect((await book('2031-01-01T10:00:00')).status).toBe(400);
  });
});
