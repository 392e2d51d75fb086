import { DateTime } from 'luxon';
import { deadLetterTopic, PatientOfferAcceptedV1, Topics } from '@clinic-flow/contracts';
import request from 'supertest';
import { ApiClient, createTestProvider, E2E_OVERRIDES, gatewayUrl, KafkaProbe, linkIn, mailsTo, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

type WaitlistEvent = { type: string; data: { entryId: string; offerId: string; patientId: string; start?: string; expiresAt?: string; appointmentId?: string } };

const OFFER_TTL_MS = Number(E2E_OVERRIDES.scheduling.WAITLIST_OFFER_TTL_MINUTES) * 60_000;

/**
 * The waitlist: a freed slot goes to the first matching waiting patient, the offer expires and
 * goes to the next one, and accepting books it. Entries ask for this file's own provider, so
 * other tests' slots never reach them.
 */
describe('waitlist', () => {
  let api: ApiClient;
  let manager: ApiClient;
  let provider: string;
  const probe = new KafkaProbe();
  let hour = 0;
  const freeSlot = () => {
    const t = new Date(Date.now() + (2 + hour++) * 3600_000);
    t.setUTCMinutes(0, 0, 0);
    return t.toISOString();
  };
  const today = () => DateTime.now().setZone('America/New_York').toISODate()!;
  const inDays = (n: number) => DateTime.now().setZone('America/New_York').plus({ days: n }).toISODate()!;

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    provider = (await createTestProvider(manager)).id;
    await probe.record([Topics.waitlist, deadLetterTopic('scheduling')]);
  });
  afterAll(() => probe.close());

  const book = async (patientId: string, start: string) => {
    const res = await api.post('/appointments', { patientId, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Rash' });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const join = async (patientId: string, overrides: Record<string, unknown> = {}) => {
    const res = await api.post('/waitlist', { patientId, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', providerId: provider, from: today(), to: inDays(30), ...overrides });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string };
  };
  const eventsFor = (entryId: string): WaitlistEvent[] => probe.seen.filter((m) => m.topic === Topics.waitlist && m.key === entryId).map((m) => JSON.parse(m.value!));
  const waitForEvent = (entryId: string, type: string) =>
    waitFor(async () => eventsFor(entryId).find((e) => e.type === type), { what: `${type} for ${entryId}`, timeoutMs: 60_000 });

  it('offers a cancelled slot to the first matching patient, passes it on when the offer expires, and books it on acceptance', async () => {
    const start = freeSlot();
    const [holder, first, second, otherType] = await Promise.all([1, 2, 3, 4].map(() => registerPatient(api)));
    const appointment = await book(holder.id, start);
    const notThisType = await join(otherType.id, { appointmentTypeId: 'telehealth-follow-up' });
    const e1 = await join(first.id);
    const e2 = await join(second.id);
    expect(e1.status).toBe('waiting');

    expect((await api.post(`/appointments/${appointment.id}/cancel`, { reason: 'Patient is better' })).status).toBe(200);
    const offer1 = await waitForEvent(e1.id, 'waitlist.offer-made');
    expect(offer1.data).toMatchObject({ patientId: first.id, start });
    const ttl = new Date(offer1.data.expiresAt!).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(OFFER_TTL_MS);
    // The offer is held from when its message goes out (at once here: no quiet hours).
    const listed = await waitFor(
      async () => {
        const items = (await api.get('/waitlist?siteId=site-downtown')).body.items as Array<{ id: string; status: string; offer?: { id: string; status: string } }>;
        return items.find((e) => e.id === e1.id)?.offer?.status === 'open' && items;
      },
      { what: 'the offer to be open', timeoutMs: OFFER_TTL_MS },
    );
    expect(listed.find((e) => e.id === e1.id)).toMatchObject({ status: 'offered', offer: { id: offer1.data.offerId, status: 'open' } });
    expect(listed.find((e) => e.id === e2.id)).toMatchObject({ status: 'waiting' });
    expect(listed.find((e) => e.id === notThisType.id)).toMatchObject({ status: 'waiting' });

    // Nobody answers: the offer lapses and the slot goes to the next patient in line.
    await waitForEvent(e1.id, 'waitlist.offer-expired');
    const offer2 = await waitForEvent(e2.id, 'waitlist.offer-made');
    expect(offer2.data).toMatchObject({ patientId: second.id, start });
    const late = await api.post(`/waitlist/offers/${offer1.data.offerId}/accept`);
    expect([late.status, late.body.code]).toEqual([409, 'WAITLIST.OFFER_EXPIRED']);

    const accepted = await api.post(`/waitlist/offers/${offer2.data.offerId}/accept`);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ patientId: second.id, providerId: provider, status: 'booked', waitlistEntryId: e2.id });
    expect(new Date(accepted.body.start).toISOString()).toBe(start);
    const closed = await waitForEvent(e2.id, 'waitlist.offer-accepted');
    expect(closed.data).toMatchObject({ offerId: offer2.data.offerId, appointmentId: accepted.body.id });
    const after = (await api.get('/waitlist?siteId=site-downtown')).body.items as Array<{ id: string; status: string }>;
    expect(after.find((e) => e.id === e2.id)).toBeUndefined();
    // The first patient let this slot lapse: still waiting, but it is not offered to them again.
    expect(after.find((e) => e.id === e1.id)).toMatchObject({ status: 'waiting' });
    expect(eventsFor(notThisType.id)).toEqual([]);
    const again = await api.post(`/waitlist/offers/${offer2.data.offerId}/accept`);
    expect([again.status, again.body.code]).toEqual([409, 'WAITLIST.OFFER_TAKEN']);
  }, 120_000);

  it('offers the time an appointment moved away from, and takes patients off the list', async () => {
    // A provider of its own: the first test's patients wait for the other one.
    provider = (await createTestProvider(manager)).id;
    const from = freeSlot();
    const to = freeSlot();
    const [holder, waiting, leaving] = await Promise.all([1, 2, 3].map(() => registerPatient(api)));
    const gone = await join(leaving.id);
    expect((await api.delete(`/waitlist/${gone.id}`)).status).toBe(204);
    const entry = await join(waiting.id);
    const appointment = await book(holder.id, from);
    expect((await api.post(`/appointments/${appointment.id}/reschedule`, { start: to })).status).toBe(200);
    const offer = await waitForEvent(entry.id, 'waitlist.offer-made');
    expect(offer.data.start).toBe(from);
    expect(eventsFor(gone.id)).toEqual([]);
    const listed = (await api.get('/waitlist?siteId=site-downtown')).body.items as Array<{ id: string }>;
    expect(listed.map((e) => e.id)).not.toContain(gone.id);
    expect((await api.delete('/waitlist/no-such-entry')).body.code).toBe('WAITLIST.ENTRY_NOT_FOUND');
    // Taken off the list while holding an offer: the offer lapses at once.
    expect((await api.delete(`/waitlist/${entry.id}`)).status).toBe(204);
    await waitForEvent(entry.id, 'waitlist.offer-expired');
  });

  it('lets the patient take the offer from the link in the offer message', async () => {
    provider = (await createTestProvider(manager)).id;
    const start = freeSlot();
    const [holder, waiting] = await Promise.all([1, 2].map(() => registerPatient(api)));
    const entry = await join(waiting.id);
    const appointment = await book(holder.id, start);
    expect((await api.post(`/appointments/${appointment.id}/cancel`, { reason: 'Travelling' })).status).toBe(200);
    const offer = await waitForEvent(entry.id, 'waitlist.offer-made');

    const mail = await waitFor(async () => (await mailsTo(waiting.email)).find((m) => m.subject.startsWith('An appointment opened up')), { what: 'the offer email' });
    const link = new URL(linkIn(mail.text)!);
    expect(link.pathname).toMatch(/^\/api\/v1\/r\//);
    const gw = () => request(gatewayUrl());
    const page = await gw().get(link.pathname).set('accept', 'application/json');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ action: 'accept-offer', state: 'pending', offerId: offer.data.offerId });
    expect(eventsFor(entry.id).map((e) => e.type)).not.toContain('waitlist.offer-accepted');

    const shown = await gw().get(link.pathname).set('accept', 'text/html');
    expect(shown.text).toContain('Take the appointment offered to you');
    const taken = await gw().post(link.pathname).set('accept', 'application/json');
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ action: 'accept-offer', state: 'received', offerId: offer.data.offerId });
    const accepted = await waitForEvent(entry.id, 'waitlist.offer-accepted');
    const booked = await api.get(`/appointments/${accepted.data.appointmentId}`);
    expect(booked.body).toMatchObject({ patientId: waiting.id, providerId: provider, status: 'booked', waitlistEntryId: entry.id });
    expect(new Date(booked.body.start).toISOString()).toBe(start);
    // The same link again is the same answer, and books nothing more.
    const again = await gw().post(link.pathname).set('accept', 'application/json');
    expect([again.status, again.body.responseId]).toEqual([200, taken.body.responseId]);
    // A malformed answer on the entry's key goes to scheduling's dead letters once every answer
    // before it on that key is handled.
    const marker = await probe.publishMalformed(Topics.patientResponses, entry.id, PatientOfferAcceptedV1.type, PatientOfferAcceptedV1.version);
    await waitFor(async () => probe.seen.some((m) => m.topic === deadLetterTopic('scheduling') && m.key === entry.id && JSON.parse(m.value!).id === marker), { what: 'the dead letter of the malformed answer', timeoutMs: 30_000 });
    expect((await api.get(`/appointments?patientId=${waiting.id}`)).body.items.map((a: { id: string }) => a.id)).toEqual([accepted.data.appointmentId]);
    expect(eventsFor(entry.id).filter((e) => e.type === 'waitlist.offer-accepted')).toHaveLength(1);
  }, 60_000);

  it('refuses an unknown patient, type or an empty range', async () => {
    const patient = await registerPatient(api);
    expect((await api.post('/waitlist', { patientId: 'no-such-patient', siteId: 'site-downtown', appointmentTypeId: 'urgent-care', from: today(), to: inDays(3) })).body.code).toBe('WAITLIST.UNKNOWN_PATIENT');
    expect((await api.post('/waitlist', { patientId: patient.id, siteId: 'site-downtown', appointmentTypeId: 'nope', from: today(), to: inDays(3) })).body.code).toBe('WAITLIST.UNKNOWN_TYPE');
    expect((await api.post('/waitlist', { patientId: patient.id, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', from: inDays(3), to: today() })).body.code).toBe('WAITLIST.INVALID_RANGE');
    expect((await api.get('/waitlist?siteId=site-riverside')).body.code).toBe('AUTH.SITE_FORBIDDEN');
  });
});
