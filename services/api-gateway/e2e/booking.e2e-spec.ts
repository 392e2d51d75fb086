import { Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, nextFreeSlot, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

describe('booking', () => {
  let api: ApiClient;
  let patientId: string;

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    patientId = (await registerPatient(api)).id;
  });

  const book = (start: string, durationMinutes = 30, providerId = 'prov-ana-ruiz') =>
    api.post('/appointments', { patientId, providerId, siteId: 'site-downtown', start, durationMinutes, reason: 'Follow-up' });

  it('books an appointment and returns it in the site time zone', async () => {
    const start = nextFreeSlot();
    const res = await book(start);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), status: 'booked', durationMinutes: 30 });
    // Downtown is in America/New_York: the answer carries that offset and means the same instant.
    expect(res.body.start).toMatch(/-0[45]:00$/);
    expect(new Date(res.body.start).toISOString()).toBe(new Date(start).toISOString());
    expect(new Date(res.body.end).getTime() - new Date(res.body.start).getTime()).toBe(30 * 60_000);
    const fetched = await api.get(`/appointments/${res.body.id}`);
    expect(fetched.body).toMatchObject({ id: res.body.id, status: 'booked', patientId });
  });

  it('refuses an overlapping booking for the same provider with 409 but allows back-to-back', async () => {
    const start = nextFreeSlot();
    expect((await book(start, 30)).status).toBe(201);
    const overlap = await book(new Date(new Date(start).getTime() + 15 * 60_000).toISOString(), 30);
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('APPOINTMENT.SLOT_TAKEN');
    expect((await book(new Date(new Date(start).getTime() + 30 * 60_000).toISOString(), 30)).status).toBe(201);
    expect((await book(start, 30, 'prov-ben-okafor')).status).toBe(201);
  });

  it('lets exactly one of many simultaneous bookings of one slot through', async () => {
    const start = nextFreeSlot();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => book(new Date(new Date(start).getTime() + (i % 3) * 5 * 60_000).toISOString(), 30)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('frees the slot when the appointment is cancelled, and refuses a second cancel with 409', async () => {
    const start = nextFreeSlot();
    const first = await book(start);
    const cancelled = await api.post(`/appointments/${first.body.id}/cancel`, { reason: 'Patient request' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Patient request' } });
    expect((await api.post(`/appointments/${first.body.id}/cancel`, { reason: 'again' })).body.code).toBe('APPOINTMENT.INVALID_TRANSITION');
    expect((await book(start)).status).toBe(201);
  });

  it('cancels exactly once, right after booking too, and publishes one appointment.cancelled each', async () => {
    const probe = new KafkaProbe();
    await probe.record([Topics.appointments]);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const booked = await book(nextFreeSlot());
        expect(booked.status).toBe(201);
        ids.push(booked.body.id);
        // The outbox relay is clearing the booking's event while these arrive.
        expect((await api.post(`/appointments/${booked.body.id}/cancel`, { reason: 'first' })).status).toBe(200);
        const again = await api.post(`/appointments/${booked.body.id}/cancel`, { reason: 'second' });
        expect([again.status, again.body.code]).toEqual([409, 'APPOINTMENT.INVALID_TRANSITION']);
        expect((await api.get(`/appointments/${booked.body.id}`)).body.cancellation.reason).toBe('first');
      }
      const cancelledEvents = (id: string) => probe.seen.filter((m) => m.key === id && m.headers['event-type'] === 'appointment.cancelled');
      await waitFor(async () => ids.every((id) => cancelledEvents(id).length >= 1), { what: 'every appointment.cancelled' });
      await new Promise((r) => setTimeout(r, 1000));
      for (const id of ids) expect(cancelledEvents(id).map((m) => JSON.parse(m.value!).data.reason)).toEqual(['first']);
    } finally {
      await probe.close();
    }
  });

  it('refuses times in the past or off the grid with 422', async () => {
    expect((await book('2020-01-01T10:00:00Z')).body.code).toBe('APPOINTMENT.START_IN_PAST');
    expect((await book('2031-01-01T10:00:30Z')).body.code).toBe('APPOINTMENT.OFF_GRID');
    expect((await book('2031-01-01T10:00:00')).status).toBe(400);
  });
});
