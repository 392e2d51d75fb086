import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { AppointmentBookedV1, AppointmentCancelledV1, AppointmentRescheduledV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, mailsTo, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { booked, notificationsOf, publish, rescheduled, seenEvents, typeWithPolicy, waitForNotifications } from './notification-support';
import { registerPatient } from './support';

const NY = 'America/New_York';

// The setup is at the top level: these tests wait on real timers, so they run side by side
// (it.concurrent), and jest starts concurrent tests after the top-level hooks only.
let api: ApiClient;
let manager: ApiClient;
const probe = new KafkaProbe();
const queue = new Queue('reminders', { connection: { url: testInfraEnv().REDIS_URL } });

beforeAll(async () => {
  api = await ApiClient.loginAs('receptionist');
  manager = await ApiClient.loginAs('office-manager');
  await probe.record([Topics.notifications]);
});
afterAll(async () => {
  await probe.close();
  await queue.close();
});

/** Reminder policy, quiet hours, and what moves, cancellations and duplicate or late events do to pending reminders. */
describe('reminders: policy, quiet hours, reschedule, cancel, duplicates', () => {
  it.concurrent('lets an office manager read and set policies per level, and nobody else', async () => {
    const list = await manager.get('/reminder-policies');
    expect(list.status).toBe(200);
    expect(list.body.items.find((p: { scope: string }) => p.scope === 'default')).toBeDefined();
    expect((await api.get('/reminder-policies')).status).toBe(403);
    expect((await api.put('/reminder-policies/sites/site-downtown', { steps: [{ offset: 'P1D' }] })).status).toBe(403);
    expect((await manager.put('/reminder-policies/appointment-types/x', { steps: [{ offset: 'two days' }] })).status).toBe(400);
    expect((await manager.put('/reminder-policies/appointment-types/x', { steps: [{ offset: 'P1D' }, { offset: 'P1D' }] })).body.code).toBe('POLICY.DUPLICATE_OFFSET');

    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'P1D', channel: 'email' }, { offset: 'PT2H', channel: 'sms' }] });
    const effective = await manager.get(`/reminder-policies/effective?siteId=site-downtown&appointmentTypeId=${typeId}`);
    expect(effective.body).toMatchObject({ steps: [{ offset: 'P1D', channel: 'email' }, { offset: 'PT2H', channel: 'sms' }], stepsFrom: 'appointment-type' });
    expect((await manager.delete(`/reminder-policies/appointment-types/${typeId}`)).status).toBe(204);
    expect((await manager.get(`/reminder-policies/effective?siteId=site-downtown&appointmentTypeId=${typeId}`)).body.stepsFrom).not.toBe('appointment-type');
  });

  it.concurrent('moves a reminder due in quiet hours to the end of the window, and skips one whose window ends after the appointment', async () => {
    // Quiet hours around "now" in New York, ending 40 s from now: the e2e system takes them to the
    // second (QUIET_HOURS_PRECISION=second), so nothing waits for a minute boundary.
    const nowNy = DateTime.now().setZone(NY);
    const end = nowNy.plus({ seconds: 41 }).startOf('second');
    const quietHours = { start: nowNy.minus({ minutes: 10 }).toFormat('HH:mm'), end: end.toFormat('HH:mm:ss') };
    const patient = await registerPatient(api, { preferredChannel: 'email' });

    const shiftedType = await typeWithPolicy(manager, { steps: [{ offset: 'PT4M50S' }], quietHours });
    const later = booked(patient.id, new Date(Date.now() + 5 * 60_000), { appointmentTypeId: shiftedType });
    await publish(probe, AppointmentBookedV1, later.appointmentId, later.siteId, later);

    const skippedType = await typeWithPolicy(manager, { steps: [{ offset: 'PT30S' }], quietHours });
    const soon = booked(patient.id, new Date(Date.now() + 35_000), { appointmentTypeId: skippedType });
    expect(new Date(soon.start).getTime()).toBeLessThan(end.toMillis());
    await publish(probe, AppointmentBookedV1, soon.appointmentId, soon.siteId, soon);

    const [moved] = await waitForNotifications(api, later.appointmentId, (items) => items.length === 1, 'the shifted reminder');
    expect(moved.status).toBe('scheduled');
    expect(new Date(moved.scheduledFor).getTime()).toBe(end.toMillis());
    expect(new Date(moved.dueAt!).getTime()).toBe(new Date(later.start).getTime() - (4 * 60 + 50) * 1000);
    expect(moved.reason).toContain('quiet hours');

    const [skipped] = await waitForNotifications(api, soon.appointmentId, (items) => items.length === 1, 'the skipped reminder');
    expect(skipped.status).toBe('skipped');
    expect(skipped.reason).toContain(`quiet hours (${quietHours.start}-${quietHours.end} ${NY})`);

    // It goes out when the window ends, not before.
    const sent = await waitForNotifications(api, later.appointmentId, (items) => items[0]?.status === 'sent', 'the shifted reminder to be sent', 90_000);
    expect(new Date(sent[0].sentAt!).getTime()).toBeGreaterThanOrEqual(end.toMillis());
    expect(await mailsTo(patient.email)).toHaveLength(1);
  });

  it.concurrent('takes quiet hours to the second only where the service allows it, and refuses an empty window', async () => {
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT2H' }], quietHours: { start: '21:00:15', end: '08:00:45' } });
    expect((await manager.get(`/reminder-policies/effective?siteId=site-downtown&appointmentTypeId=${typeId}`)).body.quietHours).toEqual({ start: '21:00:15', end: '08:00:45' });
    const empty = await manager.put(`/reminder-policies/appointment-types/${typeId}`, { quietHours: { start: '08:00', end: '08:00:00' } });
    expect([empty.status, empty.body.code]).toEqual([400, 'POLICY.EMPTY_QUIET_HOURS']);
    expect((await manager.put(`/reminder-policies/appointment-types/${typeId}`, { quietHours: { start: '8:00', end: '09:00' } })).status).toBe(400);
  });

  it.concurrent('moves pending reminders when the appointment is rescheduled and removes them when it is cancelled', async () => {
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'P1D' }, { offset: 'PT2H' }] });
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCSeconds(0, 0);
    const data = booked(patient.id, start, { appointmentTypeId: typeId });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const first = await waitForNotifications(api, data.appointmentId, (items) => items.length === 2 && items.every((n) => n.status === 'scheduled'), 'two scheduled reminders');
    expect((await Promise.all(first.map((n) => queue.getJob(n.id)))).every(Boolean)).toBe(true);

    const newStart = new Date(start.getTime() + 86_400_000);
    const { appointmentId, patientId, providerId, siteId } = data;
    await publish(probe, AppointmentRescheduledV1, appointmentId, siteId, rescheduled(data, newStart, 2));
    const afterMove = await waitForNotifications(api, appointmentId, (items) => items.length === 4 && items.filter((n) => n.status === 'scheduled').length === 2, 'reminders moved');
    const old = afterMove.filter((n) => first.some((f) => f.id === n.id));
    expect(old.map((n) => [n.status, n.reason])).toEqual([['cancelled', 'appointment moved'], ['cancelled', 'appointment moved']]);
    const fresh = afterMove.filter((n) => n.status === 'scheduled');
    expect(fresh.map((n) => new Date(n.scheduledFor).getTime()).sort()).toEqual([newStart.getTime() - 86_400_000, newStart.getTime() - 7_200_000]);
    expect(await Promise.all(first.map((n) => queue.getJob(n.id)))).toEqual([undefined, undefined]);
    expect((await Promise.all(fresh.map((n) => queue.getJob(n.id)))).every(Boolean)).toBe(true);

    await publish(probe, AppointmentCancelledV1, appointmentId, siteId, {
      appointmentId, patientId, providerId, siteId, start: newStart.toISOString(), reason: 'Patient called', cancelledBy: 'e2e', cancelledAt: new Date().toISOString(), party: 'patient', revision: 3,
    });
    const afterCancel = await waitForNotifications(api, appointmentId, (items) => items.every((n) => n.status === 'cancelled'), 'all reminders cancelled');
    expect(afterCancel.filter((n) => n.reason === 'appointment cancelled')).toHaveLength(2);
    expect(await Promise.all(fresh.map((n) => queue.getJob(n.id)))).toEqual([undefined, undefined]);
  });

  it.concurrent('sends once for a duplicated booking event and nothing for a booking that arrives after its cancellation', async () => {
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }] });
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const sentFor = (appointmentId: string) => seenEvents<{ appointmentId: string; messageId: string }>(probe, 'notification.sent').filter((e) => e.data.appointmentId === appointmentId).map((e) => e.data.messageId);
    // A later change of the same appointment (same key, so handled after everything before it),
    // moved to a time whose last reminder step is due in about 10 s (`stepMs` before the start):
    // once that reminder is sent, whatever the events before it would have sent (due earlier) is too.
    const moveSoon = async (data: ReturnType<typeof booked>, revision: number, stepMs: number): Promise<string> => {
      const { appointmentId, siteId } = data;
      const start = new Date(Date.now() + stepMs + 10_000);
      await publish(probe, AppointmentRescheduledV1, appointmentId, siteId, rescheduled(data, start, revision));
      const dueAt = start.getTime() - stepMs;
      const items = await waitForNotifications(api, appointmentId, (list) => list.some((n) => new Date(n.dueAt!).getTime() === dueAt && n.status === 'sent'), 'the reminder of the moved appointment sent', 40_000);
      const moved = items.find((n) => new Date(n.dueAt!).getTime() === dueAt)!;
      await waitFor(async () => sentFor(appointmentId).includes(moved.id), { what: 'notification.sent of the moved appointment' });
      return moved.id;
    };

    const data = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId });
    // The same booking under three event ids (a producer retry, a replay): one reminder.
    for (let i = 0; i < 3; i++) await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    await waitFor(async () => (await mailsTo(patient.email)).length > 0, { what: 'the reminder', timeoutMs: 40_000 });
    const [first] = await waitFor(async () => sentFor(data.appointmentId).length > 0 && sentFor(data.appointmentId), { what: 'notification.sent' });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const marker = await moveSoon(data, 2, 55_000);
    expect(marker).not.toBe(first);
    expect(await mailsTo(patient.email)).toHaveLength(2);
    expect((await notificationsOf(api, data.appointmentId)).map((n) => n.id).sort()).toEqual([first, marker].sort());
    expect(sentFor(data.appointmentId)).toEqual([first, marker]);

    // Out of order: the cancellation (revision 2) is handled before the booking (revision 1).
    const late = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId });
    const { appointmentId, patientId, providerId, siteId, start } = late;
    await publish(probe, AppointmentCancelledV1, appointmentId, siteId, { appointmentId, patientId, providerId, siteId, start, reason: 'x', cancelledBy: 'e2e', cancelledAt: new Date().toISOString(), revision: 2 });
    await publish(probe, AppointmentBookedV1, appointmentId, siteId, late);
    // Its view never learnt the type (the booking was too late), so the env's PT30S step applies.
    const lateMarker = await moveSoon(late, 3, 30_000);
    expect((await notificationsOf(api, appointmentId)).map((n) => n.id)).toEqual([lateMarker]);
    expect(sentFor(appointmentId)).toEqual([lateMarker]);
    expect(await mailsTo(patient.email)).toHaveLength(3);
  });
});
