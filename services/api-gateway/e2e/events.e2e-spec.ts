import { randomUUID } from 'node:crypto';
import { deadLetterTopic, DeadLetterHeaders, Topics } from '@clinic-flow/contracts';
import { DateTime } from 'luxon';
import { ApiClient, createTestProvider, E2E_OVERRIDES, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

/** Reminders per appointment days ahead (in daytime): one per configured offset. */
const OFFSETS = E2E_OVERRIDES.notification.REMINDER_OFFSETS.split(',').length;

describe('event backbone through the running system', () => {
  let api: ApiClient;
  let provider: string;
  let day = 0;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    api = await ApiClient.loginAs('office-manager');
    provider = (await createTestProvider(api)).id;
    await probe.record([Topics.appointments, deadLetterTopic('notification')]);
  });
  afterAll(() => probe.close());

  const bookedEventOf = (appointmentId: string) =>
    probe.seen.find((m) => m.topic === Topics.appointments && m.headers['event-type'] === 'appointment.booked' && m.key === appointmentId);

  /** Urgent care with this file's provider, 3+ days ahead at 15:00 in New York: every reminder offset is ahead, in daytime. */
  const book = async () => {
    const patient = await registerPatient(api);
    const start = DateTime.now().setZone('America/New_York').startOf('day').plus({ days: 3 + day++, hours: 15 }).toUTC().toISO();
    const res = await api.post('/appointments', { patientId: patient.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Review' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('publishes appointment.booked keyed by the appointment id, with a full envelope', async () => {
    const id = await book();
    const message = await waitFor(async () => bookedEventOf(id), { what: 'appointment.booked' });
    const envelope = JSON.parse(message.value!);
    expect(envelope).toMatchObject({ type: 'appointment.booked', version: 2, source: 'scheduling', subject: id, siteId: 'site-downtown', data: { appointmentId: id, status: 'booked' } });
    // v2 carries no visit reason ('Review' above): clinical free text stays in scheduling.
    expect(envelope.data).not.toHaveProperty('reason');
    expect(envelope.correlationId).toEqual(expect.any(String));
  });

  it('changes nothing when the same event is delivered again, or re-sent under a new id', async () => {
    const id = await book();
    const original = await waitFor(async () => bookedEventOf(id), { what: 'appointment.booked' });
    const reminders = await waitFor(async () => {
      const items = (await api.get(`/appointments/${id}/notifications`)).body.items;
      return items.length === OFFSETS && items;
    }, { what: 'one reminder per offset' });
    const redelivered = JSON.parse(original.value!);
    await probe.publish(Topics.appointments, id, original.value!, original.headers);
    await probe.publish(Topics.appointments, id, JSON.stringify({ ...redelivered, id: randomUUID() }));
    // The cancellation travels behind the duplicates on the same partition (same key), so once
    // it has been applied the duplicates have been consumed too.
    expect((await api.post(`/appointments/${id}/cancel`, { reason: 'Marker' })).status).toBe(200);
    const after = await waitFor(async () => {
      const items = (await api.get(`/appointments/${id}/notifications`)).body.items;
      return items.every((n: { status: string }) => n.status === 'cancelled') && items;
    }, { what: 'the reminders to be cancelled' });
    expect(after.map((n: { id: string; createdAt: string }) => [n.id, n.createdAt])).toEqual(reminders.map((n: { id: string; createdAt: string }) => [n.id, n.createdAt]));
  });

  it('dead-letters a poison message with the error attached and keeps consuming', async () => {
    const key = `poison-${randomUUID()}`;
    await probe.publish(Topics.appointments, key, 'this is not an event');
    await probe.publish(Topics.appointments, key, JSON.stringify({ id: randomUUID(), type: 'appointment.booked', version: 1, data: {} }));
    const dead = await waitFor(async () => {
      const found = probe.seen.filter((m) => m.topic === deadLetterTopic('notification') && m.key === key);
      return found.length === 2 && found;
    }, { what: 'two dead letters' });
    for (const letter of dead) {
      expect(letter.headers[DeadLetterHeaders.reason]).toBe('contract-violation');
      expect(letter.headers[DeadLetterHeaders.sourceTopic]).toBe(Topics.appointments);
      expect(letter.headers[DeadLetterHeaders.error]).toMatch(/contract/);
    }
    expect(dead[0].value).toBe('this is not an event');
    const id = await book();
    await waitFor(async () => (await api.get(`/appointments/${id}/notifications`)).body.items.length === OFFSETS, { what: 'reminders after the poison message' });
  });
});
