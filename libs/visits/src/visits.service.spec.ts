import { dateOfServiceAt } from './visits.service';

describe('dateOfServiceAt', () => {
  it("takes the visit's calendar day at the site, not in UTC", () => {
    // 02:30 UTC on Dec 2 is still Dec 1 in New York (a late evening visit).
    expect(dateOfServiceAt('2026-12-02T02:30:00.000Z', 'America/New_York')).toBe('2026-12-01');
    expect(dateOfServiceAt('2026-12-02T02:30:00.000Z', 'Europe/Berlin')).toBe('2026-12-02');
  });
});
