import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { AppointmentBookedV1, AppointmentCancelledV1, AppointmentRescheduledV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, mailsTo, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { booked, notificationsOf, publish, seenEvents, typeWithPolicy, waitForNotifications } from './notification-support';
import { registerPatient } from './support';

const NY = 'America/New_York';

/** Reminder policy, quiet hours, and what moves, cancellations and duplicate or late events do to pending reminders. */
describe('reminders: policy, quiet hours, reschedule, cancel, duplicates', () => {
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

  it('lets an office manager read and set policies per level, and nobody else', async () => {
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

  it('moves a reminder due in quiet hours to the end of the window, and skips one whose window ends after the appointment', async () => {
    // Quiet hours (HH:mm, so on the minute grid) around "now" in New York, ending at the next minute
    // boundary plus one. The skipped appointment below starts about 60 s after it is published and
    // must start before the window ends: in the last 20 s of a minute, the set-up could cross into
    // the next minute and leave the window ending first, so start on a fresh minute instead.
    if (DateTime.now().second >= 40) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000)));
    const nowNy = DateTime.now().setZone(NY);
    const end = nowNy.startOf('minute').plus({ minutes: 2 });
    const quietHours = { start: nowNy.minus({ minutes: 10 }).toFormat('HH:mm'), end: end.toFormat('HH:mm') };
    const patient = await registerPatient(api, { preferredChannel: 'email' });

    const shiftedType = await typeWithPolicy(manager, { steps: [{ offset: 'PT4M50S' }], quietHours });
    const later = booked(patient.id, new Date(Date.now() + 5 * 60_000), { appointmentTypeId: shiftedType });
    await publish(probe, AppointmentBookedV1, later.appointmentId, later.siteId, later);

    const skippedType = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }], quietHours });
    const soon = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: skippedType });
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
    const sent = await waitForNotifications(api, later.appointmentId, (items) => items[0]?.status === 'sent', 'the shifted reminder to be sent', 150_000);
    expect(new Date(sent[0].sentAt!).getTime()).toBeGreaterThanOrEqual(end.toMillis());
    expect(await mailsTo(patient.email)).toHaveLength(1);
    // Up to 20 s to a fresh minute, up to 2 minutes of quiet hours, then the send.
  }, 210_000);

  it('moves pending reminders when the appointment is rescheduled and removes them when it is cancelled', async () => {
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'P1D' }, { offset: 'PT2H' }] });
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCSeconds(0, 0);
    const data = booked(patient.id, start, { appointmentTypeId: typeId });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const first = await waitForNotifications(api, data.appointmentId, (items) => items.length === 2 && items.every((n) => n.status === 'scheduled'), 'two scheduled reminders');
    expect((await Promise.all(first.map((n) => queue.getJob(n.id)))).every(Boolean)).toBe(true);

    const newStart = new Date(start.getTime() + 86_400_000);
    const { appointmentId, patientId, providerId, siteId, providerName, siteName, siteTimeZone } = data;
    await publish(probe, AppointmentRescheduledV1, appointmentId, siteId, {
      appointmentId, patientId, providerId, siteId, providerName, siteName, siteTimeZone,
      start: newStart.toISOString(),
      end: new Date(newStart.getTime() + 30 * 60_000).toISOString(),
      previousProviderId: providerId,
      previousStart: data.start,
      previousEnd: data.end,
      rescheduledBy: 'e2e',
      status: 'booked',
      revision: 2,
    });
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

  it('sends once for a duplicated booking event and nothing for a booking that arrives after its cancellation', async () => {
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }] });
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const data = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId });
    // The same booking under three event ids (a producer retry, a replay): one reminder.
    for (let i = 0; i < 3; i++) await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    await waitFor(async () => (await mailsTo(patient.email)).length > 0, { what: 'the reminder', timeoutMs: 40_000 });
    await waitFor(async () => seenEvents<{ appointmentId: string }>(probe, 'notification.sent').some((e) => e.data.appointmentId === data.appointmentId), { what: 'notification.sent' });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await mailsTo(patient.email)).toHaveLength(1);
    expect(await notificationsOf(api, data.appointmentId)).toHaveLength(1);
    expect(seenEvents<{ appointmentId: string }>(probe, 'notification.sent').filter((e) => e.data.appointmentId === data.appointmentId)).toHaveLength(1);

    // Out of order: the cancellation (revision 2) is handled before the booking (revision 1).
    const late = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId });
    const { appointmentId, patientId, providerId, siteId, start } = late;
    await publish(probe, AppointmentCancelledV1, appointmentId, siteId, { appointmentId, patientId, providerId, siteId, start, reason: 'x', cancelledBy: 'e2e', cancelledAt: new Date().toISOString(), revision: 2 });
    await new Promise((r) => setTimeout(r, 1000));
    await publish(probe, AppointmentBookedV1, appointmentId, siteId, late);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await notificationsOf(api, appointmentId)).toHaveLength(0);
  });
});
