import { Topics } from '@clinic-flow/contracts';
import { Queue } from 'bullmq';
import { ApiClient, createTestProvider, KafkaProbe, mailsTo, smsTo, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { plusMinutes, registerPatient, startAtLeast } from './support';

type Notification = { id: string; offset: string; status: string; scheduledFor: string; sentAt?: string; channel?: string };

/**
 * The walking flow: register, book, reminders queued at the configured offsets (P2D, PT2H and,
 * in the e2e system, PT30S), the due one delivered by email or SMS, and a cancelled
 * appointment sends nothing.
 */
describe('walking flow: booking to delivered reminder', () => {
  let api: ApiClient;
  const probe = new KafkaProbe();
  const reminders = new Queue('reminders', { connection: { url: testInfraEnv().REDIS_URL } });

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    await probe.record([Topics.notifications]);
  });
  afterAll(async () => {
    await probe.close();
    await reminders.close();
  });

  const notificationsOf = async (appointmentId: string): Promise<Notification[]> => (await api.get(`/appointments/${appointmentId}/notifications`)).body.items;

  it('delivers the due reminder on the chosen channel and sends nothing for a cancelled appointment', async () => {
    const byEmail = await registerPatient(api, { preferredChannel: 'email' });
    const bySms = await registerPatient(api, { preferredChannel: 'sms' });
    const cancelledPatient = await registerPatient(api, { preferredChannel: 'email' });
    // Three providers of the test's own, available around the clock, see urgent care (bookable
    // without lead time); the PT30S reminder of an appointment 40-100 s away falls 10-70 s from now.
    const manager = await ApiClient.loginAs('office-manager');
    const [ana, ben, erin] = [
      await createTestProvider(manager, { name: 'Dr. Ana Ruiz-Walk' }),
      await createTestProvider(manager, { name: 'Ben Okafor-Walk, PA-C', role: 'physician-assistant' }),
      await createTestProvider(manager, { name: 'Dr. Erin Walsh-Walk' }),
    ];
    const start = startAtLeast(40);
    const book = async (patientId: string, providerId: string) => {
      const res = await api.post('/appointments', { patientId, providerId, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Flu shot' });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('booked');
      return res.body.id as string;
    };
    const emailAppointment = await book(byEmail.id, ana.id);
    const smsAppointment = await book(bySms.id, ben.id);
    const cancelledAppointment = await book(cancelledPatient.id, erin.id);

    // Reminders are scheduled from the appointment.booked event (P2D and PT2H are already past).
    const scheduled = await waitFor(async () => {
      const items = await notificationsOf(cancelledAppointment);
      return items.length === 1 && items;
    }, { what: 'the reminder of the appointment to cancel' });
    expect(scheduled[0]).toMatchObject({ offset: 'PT30S', status: 'scheduled' });
    expect(new Date(scheduled[0].scheduledFor).getTime()).toBe(new Date(start).getTime() - 30_000);

    const cancel = await api.post(`/appointments/${cancelledAppointment}/cancel`, { reason: 'Patient is travelling' });
    expect(cancel.status).toBe(200);
    await waitFor(async () => (await notificationsOf(cancelledAppointment))[0]?.status === 'cancelled', { what: 'the reminder to be cancelled' });
    // The same patient books again a minute later; the clinic cancels that one once the first
    // reminder's time has passed, and its rebooking message is the later marker.
    const rebooked = await api.post('/appointments', { patientId: cancelledPatient.id, providerId: erin.id, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: plusMinutes(start, 1), reason: 'Flu shot' });
    expect(rebooked.status).toBe(201);

    const mail = await waitFor(async () => (await mailsTo(byEmail.email))[0], { timeoutMs: 110_000, what: 'the reminder email' });
    expect(mail.subject).toContain('Appointment reminder');
    expect(mail.text).toContain('Dr. Ana Ruiz-Walk');
    expect(mail.text).toContain('Downtown Family Clinic');

    const sms = await waitFor(async () => (await smsTo(bySms.phone))[0], { timeoutMs: 30_000, what: 'the reminder SMS' });
    expect(sms.body).toContain('Ben Okafor-Walk');

    const sent = await waitFor(async () => {
      const items = await notificationsOf(emailAppointment);
      return items[0]?.status === 'sent' && items[0];
    }, { what: 'the email reminder to be recorded as sent' });
    expect(sent).toMatchObject({ channel: 'email', offset: 'PT30S', sentAt: expect.any(String) });
    expect((await notificationsOf(smsAppointment))[0]).toMatchObject({ status: 'sent', channel: 'sms' });

    await waitFor(async () => probe.seen.some((m) => m.headers['event-type'] === 'notification.sent' && JSON.parse(m.value!).data.appointmentId === emailAppointment), {
      what: 'notification.sent on Kafka',
    });

    // Past the cancelled appointment's reminder time (its job would have been due 5 s before),
    // the clinic cancels the later booking: that rebooking message is the patient's first and only.
    await waitFor(async () => Date.now() > new Date(start).getTime() - 25_000, { timeoutMs: 110_000, what: 'the reminder time to pass' });
    expect((await api.post(`/appointments/${rebooked.body.id}/cancel`, { reason: 'Provider ill', party: 'clinic' })).status).toBe(200);
    const mails = await waitFor(async () => {
      const received = await mailsTo(cancelledPatient.email);
      return received.length > 0 && received;
    }, { timeoutMs: 30_000, what: 'the rebooking message of the later booking' });
    expect(mails.map((m) => m.messageId)).toEqual([expect.stringContaining(rebooked.body.id)]);
    expect((await notificationsOf(cancelledAppointment))[0].status).toBe('cancelled');
    // The email reminder's job is done (no attempt of it runs again): it was sent exactly once.
    await waitFor(async () => (await reminders.getJobState(sent.id)) === 'completed', { what: 'the job of the email reminder to complete' });
    expect(await mailsTo(byEmail.email)).toHaveLength(1);
  }, 180_000);
});
