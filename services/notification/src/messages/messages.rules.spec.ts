import { chooseChannel, followUpDue, isNewer, offerHoldUntil, planReminders, recallDue, reminderId, resolveStuckSend } from './messages.rules';

describe('planReminders', () => {
  const start = new Date('2026-12-03T15:00:00Z');
  const steps = [{ offset: 'PT2H', channel: 'sms' as const }, { offset: 'P2D' }];

  it('plans one reminder per policy step before the start, earliest first, with the step channel', () => {
    const plan = planReminders('a1', start, steps, new Date('2026-11-30T00:00:00Z'));
    expect(plan.map((r) => [r.offset, r.dueAt.toISOString(), r.channel])).toEqual([
      ['P2D', '2026-12-01T15:00:00.000Z', undefined],
      ['PT2H', '2026-12-03T13:00:00.000Z', 'sms'],
    ]);
  });

  it('skips reminders whose time has passed', () => {
    const plan = planReminders('a1', start, steps, new Date('2026-12-02T00:00:00Z'));
    expect(plan.map((r) => r.offset)).toEqual(['PT2H']);
  });

  it('gives the same ids to the same appointment, offset and start, and new ids once it moves', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    expect(planReminders('a1', start, [{ offset: 'P2D' }], now)[0].id).toBe(reminderId('a1', 'P2D', start));
    const moved = new Date('2026-12-04T15:00:00Z');
    expect(reminderId('a1', 'P2D', moved)).not.toBe(reminderId('a1', 'P2D', start));
    expect(reminderId('a1', 'P2D', start)).toBe('rem_a1_P2D_20261203T150000Z');
    expect(reminderId('a1', 'P2D', start)).not.toContain(':');
  });
});

describe('chooseChannel', () => {
  it('uses the preferred channel when the patient can be reached on it', () => {
    expect(chooseChannel({ preferredChannel: 'sms', phone: '+15550001111', email: 'a@b.c' })).toEqual({ channel: 'sms', address: '+15550001111' });
  });

  it("uses a policy step's channel over the preferred one", () => {
    expect(chooseChannel({ preferredChannel: 'email', phone: '+15550001111', email: 'a@b.c' }, 'sms')).toEqual({ channel: 'sms', address: '+15550001111' });
  });

  it('falls back to the other channel when the first cannot be used', () => {
    expect(chooseChannel({ preferredChannel: 'sms', email: 'a@b.c' })).toEqual({ channel: 'email', address: 'a@b.c' });
    expect(chooseChannel({ preferredChannel: 'sms', phone: '+15550001111', email: 'a@b.c', optedOutChannels: ['sms'] })).toEqual({ channel: 'email', address: 'a@b.c' });
  });

  it('never uses an opted-out channel, and says why nothing can be sent', () => {
    expect(chooseChannel({ preferredChannel: 'email', email: 'a@b.c', optedOutChannels: ['email'] })).toEqual({ skip: 'the patient opted out of email' });
    expect(chooseChannel({ preferredChannel: 'email', email: 'a@b.c', phone: '+1555', optedOutChannels: ['email', 'sms'] })).toEqual({ skip: 'the patient opted out of email and sms' });
    expect(chooseChannel({ preferredChannel: 'email' })).toEqual({ skip: 'the patient has no email address or phone number' });
  });

  it('never uses a channel whose communication consent was revoked, and says so apart from opt-outs', () => {
    const both = { preferredChannel: 'sms' as const, phone: '+15550001111', email: 'a@b.c' };
    expect(chooseChannel({ ...both, consentRevokedChannels: ['sms'] })).toEqual({ channel: 'email', address: 'a@b.c' });
    expect(chooseChannel({ ...both, consentRevokedChannels: ['sms'] }, 'sms')).toEqual({ channel: 'email', address: 'a@b.c' });
    expect(chooseChannel({ preferredChannel: 'sms', phone: '+15550001111', consentRevokedChannels: ['sms'] })).toEqual({ skip: 'the patient revoked communication consent for sms' });
    expect(chooseChannel({ ...both, optedOutChannels: ['email'], consentRevokedChannels: ['sms', 'email'] })).toEqual({
      skip: 'the patient opted out of email and revoked communication consent for sms',
    });
  });
});

describe('follow-up timing', () => {
  it('sends the post-visit follow-up a delay after check-out', () => {
    expect(followUpDue(new Date('2026-12-03T16:00:00Z'), 'P1D').toISOString()).toBe('2026-12-04T16:00:00.000Z');
  });

  it("sends a recall at the send time in the site's zone, the lead before the due date (across DST)", () => {
    // 2027-03-28 09:00 New York is EDT (-4); 14 days earlier, 2027-03-14 09:00, is EDT too (DST began that day).
    expect(recallDue('2027-03-28', 'America/New_York', '09:00', 'P14D').toISOString()).toBe('2027-03-14T13:00:00.000Z');
    // 2027-03-20 minus 14 days = 2027-03-06 09:00 EST (-5).
    expect(recallDue('2027-03-20', 'America/New_York', '09:00', 'P14D').toISOString()).toBe('2027-03-06T14:00:00.000Z');
  });
});

describe('isNewer (appointment view ordering)', () => {
  it('orders by revision when both have one, else by event time', () => {
    expect(isNewer({ revision: 3, at: new Date(0) }, { revision: 2, asOf: new Date(1000) })).toBe(true);
    expect(isNewer({ revision: 2, at: new Date(5000) }, { revision: 2, asOf: new Date(1000) })).toBe(false);
    expect(isNewer({ at: new Date(500) }, { asOf: new Date(1000) })).toBe(false);
    expect(isNewer({ at: new Date(1000) }, { asOf: new Date(1000) })).toBe(true);
    expect(isNewer({ at: new Date(1000) }, {})).toBe(true);
  });
});

describe('offerHoldUntil (waitlist offers)', () => {
  const slotStart = new Date('2026-12-04T15:00:00Z');

  it('holds from when the message goes out, not from when the offer was made', () => {
    // Made at 21:00 New York time in quiet hours, sent at 08:00: the hold runs from 08:00.
    expect(offerHoldUntil(new Date('2026-12-04T13:00:00Z'), 120, slotStart).toISOString()).toBe('2026-12-04T15:00:00.000Z');
    expect(offerHoldUntil(new Date('2026-12-04T12:00:00Z'), 120, slotStart).toISOString()).toBe('2026-12-04T14:00:00.000Z');
    expect(offerHoldUntil(new Date('2026-12-04T12:00:00Z'), 0.25, slotStart).toISOString()).toBe('2026-12-04T12:00:15.000Z');
  });

  it('never holds past the slot\'s start', () => {
    expect(offerHoldUntil(new Date('2026-12-04T14:30:00Z'), 120, slotStart)).toEqual(slotStart);
  });
});

describe('resolveStuckSend: a message `sending` whose worker gave no result within the lease', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const lease = 120_000;
  const claimed = (agoMs: number, channel: 'email' | 'sms' = 'email') => ({ status: 'sending', updatedAt: new Date(now.getTime() - agoMs), channel });
  const staleMarker = `sending:${now.getTime() - 200_000}`;

  it('waits within the lease, for a job BullMQ still runs, and for a fresh marker of another attempt', () => {
    expect(resolveStuckSend(claimed(60_000), { job: 'missing', marker: null }, now, lease)).toEqual({ action: 'wait' });
    expect(resolveStuckSend(claimed(300_000), { job: 'live', marker: staleMarker }, now, lease)).toEqual({ action: 'wait' });
    expect(resolveStuckSend(claimed(300_000), { job: 'missing', marker: `sending:${now.getTime() - 1000}` }, now, lease)).toEqual({ action: 'wait' });
    expect(resolveStuckSend({ ...claimed(300_000), status: 'scheduled' }, { job: 'missing', marker: null }, now, lease)).toEqual({ action: 'wait' });
  });

  it('records a send the provider accepted (marker `sent:`), whatever the channel, without resending', () => {
    expect(resolveStuckSend(claimed(300_000), { job: 'missing', marker: 'sent:abc-1' }, now, lease)).toEqual({ action: 'record-sent', providerMessageId: 'abc-1' });
    expect(resolveStuckSend(claimed(300_000, 'sms'), { job: 'finished', marker: 'sent:sms-9' }, now, lease)).toEqual({ action: 'record-sent', providerMessageId: 'sms-9' });
  });

  it('resends an SMS (the provider drops a repeat of the same idempotency key)', () => {
    expect(resolveStuckSend(claimed(300_000, 'sms'), { job: 'missing', marker: null }, now, lease).action).toBe('retry');
    expect(resolveStuckSend(claimed(300_000, 'sms'), { job: 'finished', marker: staleMarker }, now, lease).action).toBe('retry');
  });

  it('resends an email only when Redis shows the provider call never started (job kept, no marker)', () => {
    expect(resolveStuckSend(claimed(300_000), { job: 'finished', marker: null }, now, lease).action).toBe('retry');
  });

  it('marks an email uncertain when it may have left: died mid-call (stale marker) or Redis lost the evidence', () => {
    expect(resolveStuckSend(claimed(300_000), { job: 'finished', marker: staleMarker }, now, lease)).toMatchObject({ action: 'uncertain', reason: expect.stringMatching(/during the email send/) });
    expect(resolveStuckSend(claimed(300_000), { job: 'missing', marker: null }, now, lease)).toMatchObject({ action: 'uncertain', reason: expect.stringMatching(/Redis lost/) });
    expect(resolveStuckSend(claimed(300_000), { job: 'missing', marker: staleMarker }, now, lease).action).toBe('uncertain');
  });
});
