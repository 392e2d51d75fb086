import { randomUUID } from 'node:crypto';
import { ApiClient, createTestProvider, waitFor } from '@clinic-flow/testing';
import { patientNotifications } from './notification-support';
import { bookingRequest } from './support';

/**
 * One person registered twice (same name and birth date): the first without a phone, the second
 * with one, as happens at a busy desk: the duplicate warning names the first record and the
 * registrar goes on with a reason (the records are merged later).
 */
export async function registerTwice(desk: ApiClient) {
  const tag = randomUUID().slice(0, 8);
  const person = { firstName: 'Dana', lastName: `Twice-${tag}`, dateOfBirth: '1979-02-03', preferredChannel: 'email' };
  const first = await desk.post('/patients', { ...person, email: `dana-${tag}@example.com` });
  const again = { ...person, email: `dana.${tag}@example.com`, phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` };
  const warned = await desk.post('/patients', again);
  if (warned.status !== 409 || !warned.body.candidates?.some((c: { id: string }) => c.id === first.body.id)) {
    throw new Error(`expected the duplicate warning naming the first record, got ${warned.status} ${JSON.stringify(warned.body)}`);
  }
  const second = await desk.post('/patients', { ...again, duplicateOverride: { reason: 'Patient says they have never been here; will check with the office manager' } });
  if (first.status !== 201 || second.status !== 201) throw new Error(`registration failed: ${first.status} ${second.status}`);
  return { keep: first.body as { id: string; mrn: string }, duplicate: second.body as { id: string; mrn: string; phone: string } };
}

/**
 * A visit that happened for the first record (booked, checked in, checked out: its follow-up is sent
 * seconds later) and a booking ahead for the second (its reminder is planned).
 */
export async function historiesOfBoth(desk: ApiClient, manager: ApiClient, keepId: string, duplicateId: string) {
  // A provider of its own, an hour and two ahead: inside check-in's 4 hours however far the shared slot allocator has gone.
  const provider = (await createTestProvider(manager)).id;
  const hoursAhead = (h: number) => new Date(Math.ceil((Date.now() + h * 3600_000) / 60_000) * 60_000).toISOString();
  const visit = await desk.post('/appointments', bookingRequest(keepId, { providerId: provider, start: hoursAhead(1) }));
  const booking = await desk.post('/appointments', bookingRequest(duplicateId, { providerId: provider, start: hoursAhead(2) }));
  if (visit.status !== 201 || booking.status !== 201) throw new Error(`booking failed: ${visit.status} ${booking.status}`);
  expectStatus(await desk.post(`/appointments/${visit.body.id}/check-in`), 200);
  expectStatus(await desk.post(`/appointments/${visit.body.id}/check-out`), 200);
  const followUp = await waitFor(async () => (await patientNotifications(desk, keepId)).find((n) => n.kind === 'post-visit-follow-up' && n.status === 'sent'), {
    what: 'the follow-up of the first record sent',
    timeoutMs: 40_000,
  });
  const reminder = await waitFor(async () => (await patientNotifications(desk, duplicateId)).find((n) => n.kind === 'appointment-reminder'), {
    what: 'the reminder of the second record planned',
  });
  return { visitId: visit.body.id as string, bookingId: booking.body.id as string, bookingStart: booking.body.start as string, followUpId: followUp.id, reminderId: reminder.id };
}

export const appointmentIdsOf = async (api: ApiClient, patientId: string): Promise<string[]> =>
  ((await api.get(`/appointments?patientId=${patientId}`)).body.items ?? []).map((a: { id: string }) => a.id).sort();

export const messageIdsOf = async (api: ApiClient, patientId: string): Promise<string[]> => (await patientNotifications(api, patientId)).map((n) => n.id).sort();

function expectStatus(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}
