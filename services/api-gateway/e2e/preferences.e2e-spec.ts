import { AppointmentBookedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, mailsTo, smsTo, waitFor } from '@clinic-flow/testing';
import { booked, patientNotifications, publish, typeWithPolicy, waitForNotifications } from './notification-support';
import { registerPatient } from './support';

/**
 * Contact preferences live in patient-records (PATCH /patients/:id/contact, with its event) and
 * reach notification's own view; reminders go out on the chosen channel, in the chosen language,
 * never on an opted-out channel, and are skipped (with the reason) when no channel is left.
 */
describe('contact preferences and the channel and language of reminders', () => {
  let api: ApiClient;
  let manager: ApiClient;
  let typeId: string;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    await probe.record([Topics.patients]);
    // A reminder 5 s after booking: appointments 60 s ahead, one step PT55S.
    typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }] });
  });
  afterAll(() => probe.close());

  it('registers preferences and changes them with PATCH /patients/:id/contact (event with the full state)', async () => {
    const patient = await registerPatient(api, { preferredChannel: 'sms', language: 'es' });
    const got = await api.get(`/patients/${patient.id}`);
    expect(got.body).toMatchObject({ preferredChannel: 'sms', language: 'es', optedOutChannels: [] });

    const patched = await api.patch(`/patients/${patient.id}/contact`, { preferredChannel: 'email', optedOutChannels: ['sms'], email: 'New.Address@Example.com' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ preferredChannel: 'email', language: 'es', optedOutChannels: ['sms'], email: 'new.address@example.com', phone: patient.phone });

    const event = await waitFor(
      async () => probe.envelopes().find((e) => e.type === 'patient.contact-updated' && e.data.patientId === patient.id),
      { what: 'patient.contact-updated' },
    );
    expect(event.data).toMatchObject({ preferredChannel: 'email', language: 'es', optedOutChannels: ['sms'], email: 'new.address@example.com', changedBy: api.user.id });

    // A change that changes nothing publishes nothing. The next real change of the same patient is
    // the marker: its event has the same key and comes after anything the no-op would have published.
    expect((await api.patch(`/patients/${patient.id}/contact`, { language: 'es' })).status).toBe(200);
    expect((await api.patch(`/patients/${patient.id}/contact`, { language: 'en' })).status).toBe(200);
    const changes = () => probe.envelopes().filter((e) => e.type === 'patient.contact-updated' && e.data.patientId === patient.id);
    await waitFor(async () => changes().some((e) => e.data.language === 'en'), { what: 'the marker change (language en)' });
    expect(changes().map((e) => e.data.language)).toEqual(['es', 'en']);
  });

  it('refuses a preferred channel without its address, unknown patients and roles without the policy', async () => {
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const bad = await api.patch(`/patients/${patient.id}/contact`, { preferredChannel: 'sms', phone: null });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'phone' }] });
    expect((await api.patch(`/patients/${patient.id}/contact`, { language: 'fr' })).status).toBe(400);
    expect((await api.patch('/patients/no-such-patient/contact', { language: 'es' })).body.code).toBe('PATIENT.NOT_FOUND');
    const coder = await ApiClient.loginAs('billing-coder');
    expect((await coder.patch(`/patients/${patient.id}/contact`, { language: 'es' })).status).toBe(403);
  });

  it('sends by SMS in Spanish, by email in English, falls back from an opted-out channel and skips when none is left', async () => {
    const spanishSms = await registerPatient(api, { preferredChannel: 'sms', language: 'es' });
    const english = await registerPatient(api, { preferredChannel: 'email' });
    const optedOutOfEmail = await registerPatient(api, { preferredChannel: 'email' });
    const optedOutOfAll = await registerPatient(api, { preferredChannel: 'email' });
    expect((await api.patch(`/patients/${optedOutOfEmail.id}/contact`, { optedOutChannels: ['email'] })).status).toBe(200);
    expect((await api.patch(`/patients/${optedOutOfAll.id}/contact`, { optedOutChannels: ['email', 'sms'] })).status).toBe(200);
    // Let the contact view catch up before the reminders fire (they re-read it when sent).
    await new Promise((r) => setTimeout(r, 1500));

    const start = new Date(Date.now() + 60_000);
    const appointments: string[] = [];
    for (const p of [spanishSms, english, optedOutOfEmail, optedOutOfAll]) {
      const data = booked(p.id, start, { appointmentTypeId: typeId, appointmentTypeName: 'Annual physical' });
      await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
      appointments.push(data.appointmentId);
    }

    const sms = await waitFor(async () => (await smsTo(spanishSms.phone))[0], { what: 'the Spanish SMS', timeoutMs: 40_000 });
    expect(sms.body).toContain('Recordatorio');
    expect(sms.body).toContain('Responda SI para confirmar, NO para cancelar');

    const mail = await waitFor(async () => (await mailsTo(english.email))[0], { what: 'the English email', timeoutMs: 40_000 });
    expect(mail.subject).toContain('Appointment reminder');
    expect(mail.text).toContain('Annual physical');

    const fallback = await waitFor(async () => (await smsTo(optedOutOfEmail.phone))[0], { what: 'the fallback SMS', timeoutMs: 40_000 });
    expect(fallback.body).toContain('Reminder');
    expect(await mailsTo(optedOutOfEmail.email)).toHaveLength(0);

    const [skipped] = await waitForNotifications(api, appointments[3], (items) => items[0]?.status === 'skipped', 'the skipped reminder', 40_000);
    expect(skipped.reason).toBe('the patient opted out of email and sms');
    expect(await mailsTo(optedOutOfAll.email)).toHaveLength(0);
    expect(await smsTo(optedOutOfAll.phone)).toHaveLength(0);

    // Per patient, read through the gateway: kind, channel, status, times.
    const [sent] = await waitFor(async () => {
      const items = await patientNotifications(api, spanishSms.id);
      return items[0]?.status === 'sent' && items;
    }, { what: "the Spanish patient's messages" });
    expect(sent).toMatchObject({ kind: 'appointment-reminder', channel: 'sms', offset: 'PT55S', appointmentId: appointments[0], sentAt: expect.any(String) });
    expect((await patientNotifications(api, optedOutOfAll.id))[0]).toMatchObject({ status: 'skipped', reason: 'the patient opted out of email and sms' });
  });
});
