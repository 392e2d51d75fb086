import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { AppointmentBookedV1, AppointmentCancelledV1, AppointmentCompletedV1, AppointmentNoShowV1, WaitlistOfferMadeV1 } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, mailsTo, waitFor } from '@clinic-flow/testing';
import { booked, patientNotifications, publish, waitForNotifications } from './notification-support';
import { registerPatient } from './support';

/** After the visit and when it did not happen: follow-up, recall, rebooking outreach; and waitlist offers. */
describe('follow-ups, rebooking outreach, recalls and waitlist offers', () => {
  let api: ApiClient;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
  });
  afterAll(() => probe.close());

  /** A visit that started half an hour ago (its reminders are all in the past). */
  async function pastVisit(preferredChannel = 'email') {
    const patient = await registerPatient(api, { preferredChannel });
    const data = booked(patient.id, new Date(Date.now() - 30 * 60_000), { appointmentTypeId: 'annual-physical', appointmentTypeName: 'Annual physical' });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const { appointmentId, patientId, providerId, siteId, start } = data;
    return { patient, data, ref: { appointmentId, patientId, providerId, siteId, start } };
  }

  it('sends the post-visit follow-up after check-out and a recall before the next periodic visit', async () => {
    const { patient, ref } = await pastVisit();
    const recallDueOn = DateTime.now().setZone('America/New_York').plus({ days: 10 }).toISODate()!;
    await publish(probe, AppointmentCompletedV1, ref.appointmentId, ref.siteId, { ...ref, completedBy: 'e2e', completedAt: new Date().toISOString(), appointmentTypeId: 'annual-physical', appointmentTypeName: 'Annual physical', recallDueOn, revision: 4 });

    const items = await waitForNotifications(api, ref.appointmentId, (list) => list.length === 2 && list.every((n) => n.status === 'sent'), 'follow-up and recall sent', 40_000);
    expect(items.map((n) => n.kind).sort()).toEqual(['post-visit-follow-up', 'recall-reminder']);
    const mails = await mailsTo(patient.email);
    expect(mails.map((m) => m.subject).sort()).toEqual([expect.stringContaining('Following up on your visit'), 'Time to book your next Annual physical']);
    expect(mails.find((m) => m.subject.startsWith('Time'))!.text).toContain(DateTime.fromISO(recallDueOn).toFormat('LLLL d, yyyy'));
  });

  it('reaches out to rebook after a no-show and after a clinic cancellation, not after a patient cancellation', async () => {
    const noShow = await pastVisit();
    await publish(probe, AppointmentNoShowV1, noShow.ref.appointmentId, noShow.ref.siteId, { ...noShow.ref, markedBy: 'system', markedAt: new Date().toISOString(), revision: 2 });
    const clinic = await pastVisit();
    await publish(probe, AppointmentCancelledV1, clinic.ref.appointmentId, clinic.ref.siteId, { ...clinic.ref, reason: 'Provider ill', cancelledBy: 'e2e', cancelledAt: new Date().toISOString(), party: 'clinic', revision: 2 });
    const byPatient = await pastVisit();
    await publish(probe, AppointmentCancelledV1, byPatient.ref.appointmentId, byPatient.ref.siteId, { ...byPatient.ref, reason: 'Travelling', cancelledBy: 'e2e', cancelledAt: new Date().toISOString(), party: 'patient', revision: 2 });

    const missed = await waitFor(async () => (await mailsTo(noShow.patient.email))[0], { what: 'the no-show outreach', timeoutMs: 30_000 });
    expect(missed.text).toContain('We missed you at your appointment');
    const cancelled = await waitFor(async () => (await mailsTo(clinic.patient.email))[0], { what: 'the clinic-cancellation outreach', timeoutMs: 30_000 });
    expect(cancelled.text).toContain('we had to cancel your appointment');
    const [outreach] = await waitFor(async () => {
      const items = await patientNotifications(api, noShow.patient.id);
      return items[0]?.status === 'sent' && items;
    }, { what: 'the outreach recorded as sent' });
    expect(outreach).toMatchObject({ kind: 'rebooking-outreach', status: 'sent', channel: 'email' });
    // A later event of the patient-cancelled appointment (same key, handled after the cancel) that
    // does reach out: its message is the first and only one that patient gets.
    await publish(probe, AppointmentNoShowV1, byPatient.ref.appointmentId, byPatient.ref.siteId, { ...byPatient.ref, markedBy: 'system', markedAt: new Date().toISOString(), revision: 3 });
    await waitFor(async () => (await mailsTo(byPatient.patient.email)).length > 0, { what: 'the outreach after the later event', timeoutMs: 30_000 });
    expect((await mailsTo(byPatient.patient.email)).map((m) => m.text)).toEqual([expect.stringContaining('We missed you at your appointment')]);
  });

  it('offers a freed slot to a waitlisted patient, and skips an offer that already expired', async () => {
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const offer = (expiresAt: Date) => ({
      entryId: `wl-${randomUUID()}`,
      offerId: `offer-${randomUUID()}`,
      patientId: patient.id,
      siteId: 'site-downtown',
      siteName: 'Downtown Family Clinic',
      siteTimeZone: 'America/New_York',
      providerId: 'prov-ana-ruiz',
      providerName: 'Dr. Ana Ruiz',
      appointmentTypeId: 'follow-up',
      appointmentTypeName: 'Follow-up visit',
      start: new Date(Date.now() + 86_400_000).toISOString(),
      end: new Date(Date.now() + 86_400_000 + 1_800_000).toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    const live = offer(new Date(Date.now() + 15 * 60_000));
    const lapsed = offer(new Date(Date.now() - 1000));
    await publish(probe, WaitlistOfferMadeV1, live.entryId, live.siteId, live);
    await publish(probe, WaitlistOfferMadeV1, lapsed.entryId, lapsed.siteId, lapsed);

    const mail = await waitFor(async () => (await mailsTo(patient.email))[0], { what: 'the offer email', timeoutMs: 30_000 });
    expect(mail.subject).toContain('An appointment opened up');
    expect(mail.text).toContain('Follow-up visit with Dr. Ana Ruiz');
    expect(mail.text).toContain('open this link before then');
    expect(mail.text).toMatch(/\/api\/v1\/r\/\S+/);
    const items = await waitFor(async () => {
      const list = await patientNotifications(api, patient.id);
      return list.length === 2 && list.every((n) => n.status !== 'scheduled' && n.status !== 'sending') && list;
    }, { what: 'both offers settled' });
    expect(items.map((n) => [n.kind, n.status]).sort()).toEqual([['waitlist-offer', 'sent'], ['waitlist-offer', 'skipped']]);
    expect(await mailsTo(patient.email)).toHaveLength(1);
  });
});
