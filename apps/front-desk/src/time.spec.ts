import { addDays, calendarDate, clockTime, dayInZone } from './time';

describe("the site's day and times", () => {
  it("the day is the site's, whatever the browser's zone", () => {
    const lateEvening = new Date('2026-12-03T03:30:00Z'); // 22:30 on Dec 2 in New York, 21:30 in Chicago
    expect(dayInZone(lateEvening, 'America/New_York')).toBe('2026-12-02');
    expect(dayInZone(lateEvening, 'Europe/Madrid')).toBe('2026-12-03');
  });

  it('adds days across months, years and DST changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it("clock times in the site's zone, in the desk's language", () => {
    expect(clockTime('2026-12-02T09:30:00-05:00', 'America/New_York', 'en')).toBe('9:30 AM');
    expect(clockTime('2026-12-02T09:30:00-05:00', 'America/Chicago', 'en')).toBe('8:30 AM');
    expect(clockTime('2026-12-02T15:05:00-05:00', 'America/New_York', 'es')).toMatch(/^3:05\s?p\.\s?m\.$/);
  });

  it('dates of birth as US desks read them, and day first in Spanish', () => {
    expect(calendarDate('1984-03-12', 'en')).toBe('03/12/1984');
    expect(calendarDate('1984-03-12', 'es')).toBe('12/03/1984');
  });
});
