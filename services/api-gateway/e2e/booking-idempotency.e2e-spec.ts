import { randomUUID } from 'node:crypto';
import { ApiClient, createTestProvider } from '@clinic-flow/testing';
import { registerPatient } from './support';

/*
 * Idempotency-Key on booking (issue 14): a client that got no answer or a 5xx sends the same
 * request again with the same key and gets the first outcome, never a second booking. Providers
 * and patients of this file's own.
 */
describe('booking with an Idempotency-Key', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  let provider: string;
  let hour = 0;
  const freeSlot = () => {
    const t = new Date(Date.now() + (3 + hour++) * 3600_000);
    t.setUTCMinutes(0, 0, 0);
    return t.toISOString();
  };

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    provider = (await createTestProvider(manager)).id;
  });

  const request = (patientId: string, start: string, reason = 'Sore throat') => ({ patientId, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason });
  const book = (body: object, key: string, client = desk) => client.post('/appointments', body).set('Idempotency-Key', key);
  const appointmentsOf = async (patientId: string) => (await desk.get(`/appointments?patientId=${patientId}`)).body.items as Array<{ id: string; start: string; status: string }>;

  it('books once: the same key and request again answer the first outcome, marked as replayed', async () => {
    const patientId = (await registerPatient(desk)).id;
    const body = request(patientId, freeSlot());
    const key = randomUUID();
    const first = await book(body, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await book(body, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await appointmentsOf(patientId)).map((a) => a.id)).toEqual([first.body.id]);
  });

  it('answers the first outcome even after the appointment changed', async () => {
    const patientId = (await registerPatient(desk)).id;
    const body = request(patientId, freeSlot());
    const key = randomUUID();
    const first = await book(body, key);
    expect(first.status).toBe(201);
    expect((await desk.post(`/appointments/${first.body.id}/cancel`, { reason: 'Feels better', party: 'patient' })).status).toBe(200);
    const again = await book(body, key);
    expect([again.status, again.body]).toEqual([201, first.body]);
    expect((await desk.get(`/appointments/${first.body.id}`)).body.status).toBe('cancelled');
  });

  it('refuses the key for another request (422), a malformed key (400), and keeps keys apart per user', async () => {
    const patientId = (await registerPatient(desk)).id;
    const start = freeSlot();
    const key = randomUUID();
    expect((await book(request(patientId, start), key)).status).toBe(201);
    const other = await book(request(patientId, start, 'Cough'), key);
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY.KEY_REUSED']);
    const malformed = await book(request(patientId, freeSlot()), 'not a key');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'IDEMPOTENCY.KEY_INVALID']);
    // Another user's request with the same key is a request of its own: here, for a slot taken.
    const theirs = await book(request(patientId, start), key, manager);
    expect([theirs.status, theirs.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);
    expect(await appointmentsOf(patientId)).toHaveLength(1);
  });

  it('books once when the same request is sent several times at once', async () => {
    const patientId = (await registerPatient(desk)).id;
    const body = request(patientId, freeSlot());
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => book(body, key)));
    const booked = answers.filter((a) => a.status === 201);
    expect(booked.length).toBeGreaterThan(0);
    // Any other answer is a retryable conflict with the attempt in flight, never a second appointment.
    expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body.code])).toEqual(answers.filter((a) => a.status !== 201).map(() => [409, 'APPOINTMENT.SLOT_TAKEN']));
    expect(new Set(booked.map((a) => a.body.id)).size).toBe(1);
    expect((await appointmentsOf(patientId)).map((a) => a.id)).toEqual([booked[0].body.id]);
    // Once they are all answered, the key answers the one booking.
    const after = await book(body, key);
    expect([after.status, after.body.id, after.headers['idempotent-replayed']]).toEqual([201, booked[0].body.id, 'true']);
  });
});
