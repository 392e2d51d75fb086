import { assertOfferOpen, FreedSlot, firstMatch, holdUntil, isExpired, isLive, lapsesAt, makeOffer, offerIdOf, openOffer, prune, wantsSlot } from './waitlist.rules';
import { WaitlistEntryRecord } from './waitlist.schema';

const zone = 'America/New_York';
const t0 = new Date('2026-11-20T12:00:00Z');

const entry = (id: string, over: Partial<WaitlistEntryRecord> = {}): WaitlistEntryRecord => ({
  id,
  patientId: `patient-${id}`,
  siteId: 'site-downtown',
  appointmentTypeId: 'follow-up',
  from: '2026-12-01',
  to: '2026-12-07',
  status: 'waiting',
  createdAt: new Date(t0.getTime() + Number(id.replace(/\D/g, '') || 0) * 60_000),
  createdBy: 'u1',
  passedSlots: [],
  updatedAt: t0,
  ...over,
});

const slot: FreedSlot = {
  key: 'appt-1@2',
  siteId: 'site-downtown',
  providerId: 'prov-ana-ruiz',
  appointmentTypeId: 'follow-up',
  appointmentTypeName: 'Follow-up visit',
  releasedBy: 'patient-x',
  start: new Date('2026-12-03T15:00:00Z'),
  end: new Date('2026-12-03T15:20:00Z'),
};

describe('waitlist matching', () => {
  it('matches type, provider (if asked for) and the local day range', () => {
    expect(wantsSlot(entry('e1'), slot, zone)).toBe(true);
    expect(wantsSlot(entry('e1', { providerId: 'prov-ana-ruiz' }), slot, zone)).toBe(true);
    expect(wantsSlot(entry('e1', { providerId: 'prov-ben-okafor' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { appointmentTypeId: 'new-patient' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { siteId: 'site-riverside' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { from: '2026-12-04' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { to: '2026-12-02' }), slot, zone)).toBe(false);
  });

  it("judges the day in the site's zone (late evening local is the next day in UTC)", () => {
    const evening = { ...slot, start: new Date('2026-12-08T03:00:00Z') }; // 22:00 on 7 December in New York
    expect(wantsSlot(entry('e1'), evening, zone)).toBe(true);
    expect(wantsSlot(entry('e1'), evening, 'UTC')).toBe(false);
  });

  it('skips entries that are not waiting, the patient who gave the slot up, and slots an entry let lapse', () => {
    expect(wantsSlot(entry('e1', { status: 'offered' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { status: 'removed' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { patientId: 'patient-x' }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { passedSlots: ['appt-1@2'] }), slot, zone)).toBe(false);
    expect(wantsSlot(entry('e1', { passedSlots: ['appt-1@1'] }), slot, zone)).toBe(true);
  });

  it('offers first come, first served', () => {
    const entries = [entry('e3'), entry('e1', { appointmentTypeId: 'new-patient' }), entry('e2'), entry('e4')];
    expect(firstMatch(entries, slot, zone)?.id).toBe('e2');
    expect(firstMatch([entry('e2', { passedSlots: [slot.key] }), ...entries.slice(0, 1)], slot, zone)?.id).toBe('e3');
    expect(firstMatch([], slot, zone)).toBeUndefined();
  });
});

describe('offers', () => {
  it('wait to be sent when made: no hold yet, and they lapse at the slot\'s start if never sent', () => {
    const offer = makeOffer(entry('e1'), slot, t0, 15);
    expect(offer).toMatchObject({ entryId: 'e1', patientId: 'patient-e1', slotKey: slot.key, status: 'waiting-to-send', providerId: slot.providerId, holdMinutes: 15 });
    expect(offer.expiresAt).toBeUndefined();
    expect(isLive(offer)).toBe(true);
    // Made at 21:00 in quiet hours, sent at 08:00: the 15 minutes did not run in between.
    expect(isExpired(offer, new Date('2026-11-20T12:15:00Z'))).toBe(false);
    expect(isExpired(offer, new Date('2026-12-03T08:00:00Z'))).toBe(false);
    expect(lapsesAt(offer)?.toISOString()).toBe(slot.start.toISOString());
    expect(isExpired(offer, new Date('2026-12-03T14:59:58Z'))).toBe(false);
    expect(isExpired(offer, slot.start)).toBe(true);
  });

  it('hold the configured time from when the patient is told, never past the slot\'s start', () => {
    const sentAt = new Date('2026-12-03T13:00:00Z');
    const open = openOffer(makeOffer(entry('e1'), slot, t0, 15), sentAt, undefined)!;
    expect(open).toMatchObject({ status: 'open', sentAt });
    expect(open.expiresAt!.toISOString()).toBe('2026-12-03T13:15:00.000Z');
    expect(isExpired(open, new Date('2026-12-03T13:14:58Z'))).toBe(false);
    expect(isExpired(open, new Date('2026-12-03T13:15:00Z'))).toBe(true);
    expect(isExpired({ ...open, status: 'accepted' }, new Date('2026-12-04T00:00:00Z'))).toBe(false);
    // What the message told the patient wins (its link expires then).
    const told = new Date('2026-12-03T13:14:30Z');
    expect(openOffer(makeOffer(entry('e1'), slot, t0, 15), sentAt, told)!.expiresAt).toEqual(told);
    expect(holdUntil(slot.start, new Date('2026-12-03T14:50:00Z'), 15).toISOString()).toBe(slot.start.toISOString());
  });

  it('start their hold once: a redelivered or late "sent" changes nothing', () => {
    const open = openOffer(makeOffer(entry('e1'), slot, t0, 15), new Date('2026-12-03T13:00:00Z'), undefined)!;
    expect(openOffer(open, new Date('2026-12-03T13:10:00Z'), undefined)).toBeNull();
    expect(openOffer({ ...open, status: 'expired' }, new Date('2026-12-03T13:10:00Z'), undefined)).toBeNull();
    expect(openOffer({ ...open, status: 'accepted' }, new Date('2026-12-03T13:10:00Z'), undefined)).toBeNull();
  });

  it('keep an offer made before holds started at sending as it was: open until its fixed expiry', () => {
    const legacy = { ...makeOffer(entry('e1'), slot, t0, 15), status: 'open' as const, holdMinutes: undefined, sendBy: undefined, expiresAt: new Date('2026-11-20T12:15:00Z') };
    expect(isExpired(legacy, new Date('2026-11-20T12:14:58Z'))).toBe(false);
    expect(isExpired(legacy, new Date('2026-11-20T12:15:00Z'))).toBe(true);
  });

  it('have one id per slot and entry, so a redelivered event makes the same offer', () => {
    expect(offerIdOf('appt-1@2', 'e1')).toBe(offerIdOf('appt-1@2', 'e1'));
    expect(offerIdOf('appt-1@2', 'e1')).not.toBe(offerIdOf('appt-1@2', 'e2'));
    expect(offerIdOf('appt-1@2', 'e1')).not.toBe(offerIdOf('appt-1@3', 'e1'));
    expect(offerIdOf('appt-1@2', 'e1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('can be accepted while waiting to be sent or open, not after they lapse', () => {
    const waiting = makeOffer(entry('e1'), slot, t0, 15);
    expect(() => assertOfferOpen(waiting, new Date('2026-12-03T14:00:00Z'))).not.toThrow();
    expect(() => assertOfferOpen(waiting, slot.start)).toThrow(expect.objectContaining({ code: 'WAITLIST.OFFER_EXPIRED' }));
    const offer = openOffer(waiting, t0, undefined)!;
    expect(() => assertOfferOpen(offer, new Date('2026-11-20T12:10:00Z'))).not.toThrow();
    expect(() => assertOfferOpen(offer, new Date('2026-11-20T12:15:00Z'))).toThrow(expect.objectContaining({ code: 'WAITLIST.OFFER_EXPIRED', kind: 'conflict' }));
    expect(() => assertOfferOpen({ ...offer, status: 'expired' }, t0)).toThrow(expect.objectContaining({ code: 'WAITLIST.OFFER_EXPIRED' }));
    expect(() => assertOfferOpen({ ...offer, status: 'accepted' }, t0)).toThrow(expect.objectContaining({ code: 'WAITLIST.OFFER_TAKEN' }));
  });

  it('prunes closed entries and offers after the retention period, never open ones', () => {
    const old = new Date('2026-09-01T00:00:00Z');
    const offer = makeOffer(entry('e1'), slot, old, 15);
    const pruned = prune(
      {
        entries: [entry('e1', { status: 'booked', updatedAt: old }), entry('e2', { status: 'waiting', updatedAt: old }), entry('e3', { status: 'removed', updatedAt: t0 })],
        offers: [{ ...offer, status: 'accepted', closedAt: old }, { ...offer, id: 'unsent-one' }, { ...offer, id: 'open-one', status: 'open' }],
      },
      t0,
    );
    expect(pruned.entries.map((e) => e.id)).toEqual(['e2', 'e3']);
    expect(pruned.offers.map((o) => o.id)).toEqual(['unsent-one', 'open-one']);
  });
});
