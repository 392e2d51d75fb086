import request from 'supertest';
import { AppointmentBookedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, createTestProvider, gatewayUrl, linkIn, mailsTo, replySms, smsTo, waitFor } from '@clinic-flow/testing';
import { booked, publish, seenEvents, typeWithPolicy } from './notification-support';
import { registerPatient, startAtLeast } from './support';

type Response = { responseId: string; appointmentId: string; action: string; via: string; messageId: string };

// The setup is at the top level: these tests wait on real timers (a reminder's send, an
// appointment's start), so they run side by side (it.concurrent), and jest starts concurrent
// tests after the top-level hooks only.
let api: ApiClient;
let manager: ApiClient;
let typeId: string;
const probe = new KafkaProbe();
const gw = () => request(gatewayUrl());
const path = (url: string) => new URL(url).pathname;

beforeAll(async () => {
  api = await ApiClient.loginAs('receptionist');
  manager = await ApiClient.loginAs('office-manager');
  await probe.record([Topics.patientResponses]);
  typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }] });
});
afterAll(() => probe.close());

const responsesFor = (appointmentId: string) => seenEvents<Response>(probe, 'patient-response.received').filter((e) => e.data.appointmentId === appointmentId);

/** Patients confirm or cancel from the reminder: signed link (GET shows, POST answers) or SMS reply keyword. */
describe('patient responses: confirm / cancel links and SMS replies', () => {
  it.concurrent('confirms once from the link; GET changes nothing; bad and expired links are refused', async () => {
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    const data = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const mail = await waitFor(async () => (await mailsTo(patient.email))[0], { what: 'the reminder email', timeoutMs: 40_000 });
    const confirmUrl = linkIn(mail.text.split('cancel it here')[0])!;
    const cancelUrl = linkIn(mail.text.split('cancel it here')[1])!;
    expect(confirmUrl).toMatch(new RegExp(`^${gatewayUrl()}/api/v1/r/`));
    expect(cancelUrl).not.toBe(confirmUrl);

    const page = await gw().get(path(confirmUrl)).set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<form method="post">');
    expect(page.text).toContain('Dr. Ana Ruiz');
    // That GET answered nothing: checked below, where the POST's event (same appointment, the same
    // key) is the first and only response before the repeat.

    const answered = await gw().post(path(confirmUrl)).set('accept', 'application/json');
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ action: 'confirm', state: 'received', appointmentId: data.appointmentId });
    const again = await gw().post(path(confirmUrl)).set('accept', 'text/html');
    expect(again.status).toBe(200);
    expect(again.text).toContain('your confirmation was received');

    const [event] = await waitFor(async () => responsesFor(data.appointmentId).length > 0 && responsesFor(data.appointmentId), { what: 'patient-response.received' });
    expect(event.data).toMatchObject({ responseId: answered.body.responseId, action: 'confirm', via: 'link', patientId: patient.id, siteId: 'site-downtown' });
    expect(event.data.messageId).toMatch(/^rem_/);
    // The cancel link answered next (same appointment, so the same key): once its event is out,
    // any second confirmation would have come before it.
    expect((await gw().post(path(cancelUrl)).set('accept', 'application/json')).status).toBe(200);
    await waitFor(async () => responsesFor(data.appointmentId).some((e) => e.data.action === 'cancel'), { what: 'the cancel answer' });
    expect(responsesFor(data.appointmentId).map((e) => e.data.action)).toEqual(['confirm', 'cancel']);

    const forged = `${path(confirmUrl).slice(0, -3)}abc`;
    const invalid = await gw().post(forged).set('accept', 'application/json');
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('RESPONSE.LINK_INVALID');
    expect((await gw().get('/api/v1/r/not-a-token').set('accept', 'text/html')).status).toBe(400);

    // The link works until the appointment starts.
    await waitFor(async () => Date.now() > new Date(data.start).getTime() + 1000, { timeoutMs: 90_000, what: 'the appointment start to pass' });
    const expired = await gw().post(path(cancelUrl)).set('accept', 'application/json');
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('RESPONSE.LINK_EXPIRED');
    const expiredPage = await gw().get(path(cancelUrl)).set('accept', 'text/html');
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.text).toContain('This link has expired');
  });

  it.concurrent('cancels from an SMS reply, explains unknown keywords, and refuses unsigned webhook calls', async () => {
    const patient = await registerPatient(api, { preferredChannel: 'sms' });
    const data = booked(patient.id, new Date(Date.now() + 90_000), { appointmentTypeId: typeId });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    await waitFor(async () => (await smsTo(patient.phone))[0], { what: 'the reminder SMS', timeoutMs: 70_000 });

    const unknown = await replySms(patient.phone, 'maybe later');
    expect(unknown).toMatchObject({ webhookStatus: 200, webhookBody: { outcome: 'unknown-keyword' } });
    const help = await waitFor(async () => (await smsTo(patient.phone)).find((m) => m.body.includes('did not understand')), { what: 'the help SMS' });
    expect(help.body).toContain('Reply C (or CONFIRM)');

    const reply = await replySms(patient.phone, 'X');
    expect(reply).toMatchObject({ webhookStatus: 200, webhookBody: { outcome: 'cancel' } });
    const [event] = await waitFor(async () => responsesFor(data.appointmentId).length > 0 && responsesFor(data.appointmentId), { what: 'the SMS response event' });
    expect(event.data).toMatchObject({ action: 'cancel', via: 'sms', patientId: patient.id });
    await waitFor(async () => (await smsTo(patient.phone)).find((m) => m.body.includes('is being cancelled')), { what: 'the acknowledgement SMS' });

    const unsigned = await gw()
      .post('/api/v1/webhooks/sms')
      .set('x-sms-signature', 'deadbeef')
      .set('x-sms-timestamp', String(Math.floor(Date.now() / 1000)))
      .send({ id: 'forged-1', from: patient.phone, body: 'C' });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('RESPONSE.BAD_SIGNATURE');

    const stranger = await replySms('+15559999999', 'C');
    expect(stranger.webhookBody).toMatchObject({ outcome: 'no-reminder' });
  });

  it.concurrent('confirms a real booking end to end: reminder link -> patient-response.received -> scheduling confirms', async () => {
    const patient = await registerPatient(api, { preferredChannel: 'email' });
    // A provider of its own: a booking a minute away on the shared urgent-care provider would meet
    // other test files' bookings near now when files run side by side.
    const provider = await createTestProvider(manager);
    const res = await api.post('/appointments', { patientId: patient.id, providerId: provider.id, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: startAtLeast(40), reason: 'Sore throat' });
    expect(res.status).toBe(201);
    const mail = await waitFor(async () => (await mailsTo(patient.email))[0], { what: 'the PT30S reminder', timeoutMs: 110_000 });
    const confirmUrl = linkIn(mail.text.split('cancel it here')[0])!;
    expect((await gw().post(path(confirmUrl)).set('accept', 'application/json')).status).toBe(200);
    await waitFor(async () => (await api.get(`/appointments/${res.body.id}`)).body.status === 'confirmed', { what: 'the appointment to be confirmed' });
  });
});
