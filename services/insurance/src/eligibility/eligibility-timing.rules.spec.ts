import { nextBusinessDay, nightlyPattern, siteToday, withinBookingWindow } from './eligibility-timing.rules';

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

  it('runs Monday to Friday at the configured local time', () => {
    expect(nightlyPattern('02:00')).toBe('0 2 * * 1-5');
    expect(nightlyPattern('23:45')).toBe('45 23 * * 1-5');
  });
});
