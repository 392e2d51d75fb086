import { assertOfferOpen, FreedSlot, firstMatch, isExpired, makeOffer, offerIdOf, prune, wantsSlot } from './waitlist.rules';
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
  it('expire the configured time after they are made', () => {
    const offer = makeOffer(entry('e1'), slot, t0, 15);
    expect(offer).toMatchObject({ entryId: 'e1', patientId: 'patient-e1', slotKey: slot.key, status: 'open', providerId: slot.providerId });
    expect(offer.expiresAt.toISOString()).toBe('2026-11-20T12:15:00.000Z');
    expect(isExpired(offer, new Date('2026-11-20T12:14:58Z'))).toBe(false);
    expect(isExpired(offer, new Date('2026-11-20T12:15:00Z'))).toBe(true);
    expect(isExpired({ ...offer, status: 'accepted' }, new Date('2026-11-21T00:00:00Z'))).toBe(false);
  });

  it('have one id per slot and entry, so a redelivered event makes the same offer', () => {
    expect(offerIdOf('appt-1@2', 'e1')).toBe(offerIdOf('appt-1@2', 'e1'));
    expect(offerIdOf('appt-1@2', 'e1')).not.toBe(offerIdOf('appt-1@2', 'e2'));
    expect(offerIdOf('appt-1@2', 'e1')).not.toBe(offerIdOf('appt-1@3', 'e1'));
    expect(offerIdOf('appt-1@2', 'e1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('can be accepted only while open', () => {
    const offer = makeOffer(entry('e1'), slot, t0, 15);
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
        offers: [{ ...offer, status: 'accepted', closedAt: old }, { ...offer, id: 'open-one' }],
      },
      t0,
    );
    expect(pruned.entries.map((e) => e.id)).toEqual(['e2', 'e3']);
    expect(pruned.offers.map((o) => o.id)).toEqual(['open-one']);
  });
});
