import { nextBusinessDay, nightlyBatchDate, siteToday, withinBookingWindow } from './eligibility-timing.rules';

describe('when eligibility runs by itself', () => {
  it("checks at booking a visit from the site's today up to 30 days ahead, in the site's zone", () => {
    // 03:00 UTC on Dec 2 is still Dec 1 in New York.
    const now = new Date('2026-12-02T03:00:00Z');
    expect(siteToday('America/New_York', now)).toBe('2026-12-01');
    expect(withinBookingWindow('2026-12-01', 'America/New_York', now, 30)).toBe(true);
    expect(withinBookingWindow('2026-12-31', 'America/New_York', now, 30)).toBe(true);
    expect(withinBookingWindow('2027-01-01', 'America/New_York', now, 30)).toBe(false);
    expect(withinBookingWindow('2026-11-30', 'America/New_York', now, 30)).toBe(false);
    expect(withinBookingWindow('2026-12-01', 'Europe/Berlin', now, 30)).toBe(false);
  });

  it('the next business day skips the weekend', () => {
    expect(nextBusinessDay('2026-12-03')).toBe('2026-12-04'); // Thursday -> Friday
    expect(nextBusinessDay('2026-12-04')).toBe('2026-12-07'); // Friday -> Monday
    expect(nextBusinessDay('2026-12-05')).toBe('2026-12-07'); // Saturday -> Monday
    expect(nextBusinessDay('2026-12-06')).toBe('2026-12-07'); // Sunday -> Monday
  });

  it("plans a site's nightly batch from its local time on weekdays, for the next business day", () => {
    // Thursday Dec 3, 2026, 07:30 UTC = 02:30 in New York, 23:30 (Dec 2) in Los Angeles.
    const now = new Date('2026-12-03T07:30:00Z');
    expect(nightlyBatchDate('America/New_York', now, '02:00')).toBe('2026-12-04');
    expect(nightlyBatchDate('America/New_York', now, '03:00')).toBeNull();
    expect(nightlyBatchDate('America/Los_Angeles', now, '02:00')).toBe('2026-12-03');
    // Friday night checks Monday; Saturday and Sunday run nothing.
    expect(nightlyBatchDate('America/New_York', new Date('2026-12-04T08:00:00Z'), '02:00')).toBe('2026-12-07');
    expect(nightlyBatchDate('America/New_York', new Date('2026-12-05T08:00:00Z'), '02:00')).toBeNull();
    expect(nightlyBatchDate('America/New_York', new Date('2026-12-06T08:00:00Z'), '02:00')).toBeNull();
  });
});
