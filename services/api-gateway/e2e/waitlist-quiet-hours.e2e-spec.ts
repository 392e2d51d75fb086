import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, E2E_OVERRIDES, KafkaProbe, mailsTo, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

const NY = 'America/New_York';
const HOLD_MS = Number(E2E_OVERRIDES.scheduling.WAITLIST_OFFER_TTL_MINUTES) * 60_000;

type Offer = { id: string; status: string; expiresAt?: string; sentAt?: string; sendBy?: string; closeReason?: string };
type Entry = { id: string; status: string; offer?: Offer };
type Event = { type: string; time: string; data: Record<string, string> };

/** The hold is fixed when the message is rendered, just before the provider call that `sentAt` follows. */
const expectHeldFromTheSend = (sent: Event) => {
  const sentAt = new Date(sent.data.sentAt).getTime();
  const expiresAt = new Date(sent.data.offerExpiresAt).getTime();
  expect(expiresAt).toBeLessThanOrEqual(sentAt + HOLD_MS);
  expect(expiresAt).toBeGreaterThan(sentAt + HOLD_MS - 5000);
  return expiresAt;
};

// The setup is at the top level: these tests wait on real timers, so they run side by side
// (it.concurrent), and jest starts concurrent tests after the top-level hooks only.
let api: ApiClient;
let manager: ApiClient;
const probe = new KafkaProbe();

beforeAll(async () => {
  api = await ApiClient.loginAs('receptionist');
  manager = await ApiClient.loginAs('office-manager');
  await probe.record([Topics.waitlist, Topics.notifications]);
});
afterAll(() => probe.close());

/**
 * A waitlist offer's hold starts when the patient is told. An offer made in quiet hours waits to
 * be sent (the desk sees it), is held from the end of the quiet hours, and one whose message can
 * never go out closes at once and passes the slot on, so nobody holds it silently. Each test has
 * an appointment type (with its own quiet hours) and a provider of its own.
 */
describe('waitlist offers and quiet hours', () => {
  /** A telehealth type bookable at any hour by the test's provider, with these quiet hours for its messages. */
  const typeWithQuietHours = async (quietHours: { start: string; end: string } | null) => {
    const id = `e2e-wlq-${randomUUID().slice(0, 8)}`;
    const created = await manager.post('/appointment-types', { id, name: `Waitlist quiet ${id.slice(-8)}`, durationMinutes: 15, providerRoles: ['physician'], telehealth: true, minLeadMinutes: 0, maxHorizonDays: 30 });
    expect(created.status).toBe(201);
    expect((await manager.put(`/reminder-policies/appointment-types/${id}`, { steps: [{ offset: 'P2D' }], quietHours })).status).toBe(200);
    return id;
  };

  /** A booked slot an hour or more ahead, freed by cancelling it once `waiting` patients joined the waitlist for it. */
  const freeSlotFor = async (typeId: string, waiting: number) => {
    const provider = (await createTestProvider(manager)).id;
    const start = new Date(Date.now() + 65 * 60_000);
    start.setUTCSeconds(0, 0);
    const [holder, ...patients] = await Promise.all(Array.from({ length: waiting + 1 }, () => registerPatient(api)));
    const booked = await api.post('/appointments', { patientId: holder.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: typeId, start: start.toISOString(), reason: 'Rash' });
    expect(booked.status).toBe(201);
    const entries: Array<{ id: string }> = [];
    for (const p of patients) {
      const day = DateTime.now().setZone(NY);
      const joined = await api.post('/waitlist', { patientId: p.id, siteId: 'site-downtown', appointmentTypeId: typeId, providerId: provider, from: day.toISODate(), to: day.plus({ days: 3 }).toISODate() });
      expect(joined.status).toBe(201);
      entries.push(joined.body);
    }
    const free = () => api.post(`/appointments/${booked.body.id}/cancel`, { reason: 'Patient is better' }).then((r) => expect(r.status).toBe(200));
    return { start, patients, entries, free };
  };

  const eventsFor = (entryId: string): Event[] => probe.seen.filter((m) => m.key === entryId).map((m) => JSON.parse(m.value!));
  const waitForEvent = (entryId: string, type: string, timeoutMs = 60_000) =>
    waitFor(async () => eventsFor(entryId).find((e) => e.type === type), { what: `${type} for ${entryId}`, timeoutMs });
  const listed = async (entryId: string): Promise<Entry | undefined> =>
    ((await api.get('/waitlist?siteId=site-downtown')).body.items as Entry[]).find((e) => e.id === entryId);
  /** Closed entries (booked, removed) leave the list; a waiting one keeps its latest offer. */
  const offerOf = async (entryId: string) => (await listed(entryId))?.offer;

  it.concurrent('closes an offer whose message quiet hours would hold past the slot at once, and the next patient gets no silent hold either', async () => {
    const now = DateTime.now().setZone(NY);
    // Quiet from ten minutes ago until three hours from now: past the slot an hour ahead.
    const typeId = await typeWithQuietHours({ start: now.minus({ minutes: 10 }).toFormat('HH:mm'), end: now.plus({ hours: 3 }).toFormat('HH:mm') });
    const { entries, free } = await freeSlotFor(typeId, 2);
    const [first, second] = entries;
    await free();

    const made1 = await waitForEvent(first.id, 'waitlist.offer-made');
    const skipped1 = await waitForEvent(first.id, 'notification.skipped');
    expect(skipped1.data).toMatchObject({ kind: 'waitlist-offer', offerId: made1.data.offerId });
    expect(skipped1.data.reason).toContain('quiet hours');
    const closed1 = await waitForEvent(first.id, 'waitlist.offer-expired');
    expect(closed1.data).toMatchObject({ offerId: made1.data.offerId, reason: 'not-sent' });

    // The slot goes on to the next patient, whose message cannot go out either: closed at once too.
    const made2 = await waitForEvent(second.id, 'waitlist.offer-made');
    const closed2 = await waitForEvent(second.id, 'waitlist.offer-expired');
    expect(closed2.data).toMatchObject({ offerId: made2.data.offerId, reason: 'not-sent' });
    // Neither was ever held: no "sent" and no open offer on the way.
    expect(eventsFor(first.id).concat(eventsFor(second.id)).map((e) => e.type)).not.toContain('notification.sent');

    for (const [entry, made] of [[first, made1], [second, made2]] as const) {
      expect(await listed(entry.id)).toMatchObject({ status: 'waiting', offer: { id: made.data.offerId, status: 'expired', closeReason: 'not-sent' } });
      expect((await offerOf(entry.id))?.sentAt).toBeUndefined();
      const late = await api.post(`/waitlist/offers/${made.data.offerId}/accept`);
      expect([late.status, late.body.code]).toEqual([409, 'WAITLIST.OFFER_EXPIRED']);
    }
  }, 90_000);

  it.concurrent('shows the desk an offer made in quiet hours as waiting to be sent, and holds it from when the patient is told', async () => {
    // Quiet hours ending 40 s from now (the e2e system takes them to the second): time enough for
    // the set-up to see the offer waiting, which the first expectation below checks.
    const now = DateTime.now().setZone(NY);
    const end = now.plus({ seconds: 40 }).startOf('second');
    const typeId = await typeWithQuietHours({ start: now.minus({ minutes: 10 }).toFormat('HH:mm'), end: end.toFormat('HH:mm:ss') });
    const { start, patients, entries, free } = await freeSlotFor(typeId, 2);
    const [first, second] = entries;
    await free();

    const made = await waitForEvent(first.id, 'waitlist.offer-made');
    const waiting = await waitFor(async () => (await offerOf(first.id))?.status === 'waiting-to-send' && (await listed(first.id)), { what: 'the offer waiting to be sent' });
    expect(Date.now()).toBeLessThan(end.toMillis());
    expect(waiting).toMatchObject({ status: 'offered', offer: { id: made.data.offerId, status: 'waiting-to-send', sendBy: start.toISOString() } });
    expect(waiting.offer!.expiresAt).toBeUndefined();
    // The staff may still take it for the patient; the next patient waits meanwhile.
    expect(await listed(second.id)).toMatchObject({ status: 'waiting' });
    expect(eventsFor(second.id)).toEqual([]);

    // Nothing goes out before the window ends; the hold runs from the send.
    const sent = await waitForEvent(first.id, 'notification.sent', 90_000);
    expect(sent.data).toMatchObject({ kind: 'waitlist-offer', offerId: made.data.offerId });
    const sentAt = new Date(sent.data.sentAt).getTime();
    expect(sentAt).toBeGreaterThanOrEqual(end.toMillis());
    const expiresAt = expectHeldFromTheSend(sent);
    expect(expiresAt).toBeGreaterThanOrEqual(end.toMillis() + HOLD_MS);
    expect((await mailsTo(patients[0].email)).filter((m) => m.subject.startsWith('An appointment opened up'))).toHaveLength(1);
    const open = await waitFor(async () => {
      const offer = await offerOf(first.id);
      return offer?.status !== 'waiting-to-send' && offer;
    }, { what: 'the offer to be open' });
    expect(open).toMatchObject({ id: made.data.offerId, expiresAt: sent.data.offerExpiresAt });
    expect(new Date(open.sentAt!).getTime()).toBe(sentAt);

    // The hold ends one TTL after the send, and the slot goes to the next patient.
    const lapsed = await waitForEvent(first.id, 'waitlist.offer-expired');
    expect(lapsed.data).toMatchObject({ offerId: made.data.offerId, reason: 'lapsed' });
    expect(new Date(lapsed.data.closedAt).getTime()).toBeGreaterThanOrEqual(expiresAt - 1000);
    await waitForEvent(second.id, 'waitlist.offer-made');
  }, 180_000);

  it.concurrent('without quiet hours sends the offer at once and holds it for the TTL from the send; the desk may accept it', async () => {
    const typeId = await typeWithQuietHours(null);
    const { start, entries, free } = await freeSlotFor(typeId, 2);
    const [first, second] = entries;
    await free();

    const made = await waitForEvent(first.id, 'waitlist.offer-made');
    const sent = await waitForEvent(first.id, 'notification.sent');
    const expiresAt = expectHeldFromTheSend(sent);
    const open = await waitFor(async () => {
      const offer = await offerOf(first.id);
      return offer?.status === 'open' && offer;
    }, { what: 'the offer to be open' });
    expect(open).toMatchObject({ id: made.data.offerId, expiresAt: sent.data.offerExpiresAt });
    const lapsed = await waitForEvent(first.id, 'waitlist.offer-expired');
    expect(lapsed.data).toMatchObject({ reason: 'lapsed' });
    expect(new Date(lapsed.data.closedAt).getTime()).toBeGreaterThanOrEqual(expiresAt - 1000);

    // The next patient's offer: the desk books it for them, sent or not.
    const next = await waitForEvent(second.id, 'waitlist.offer-made');
    const accepted = await api.post(`/waitlist/offers/${next.data.offerId}/accept`);
    expect(accepted.status).toBe(201);
    expect(new Date(accepted.body.start).toISOString()).toBe(start.toISOString());
    expect((await waitForEvent(second.id, 'waitlist.offer-accepted')).data).toMatchObject({ offerId: next.data.offerId, appointmentId: accepted.body.id });
  }, 90_000);
});
