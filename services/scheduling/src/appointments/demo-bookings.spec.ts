import { DateTime } from 'luxon';
import { businessDays } from './demo-bookings';

describe('demo bookings', () => {
  it('go on the coming business days in the site zone, from tomorrow', () => {
    // Friday 2026-12-04, 23:30 in New York is already Saturday in UTC.
    const now = DateTime.fromISO('2026-12-05T04:30:00Z');
    expect(businessDays('America/New_York', 3, now).map((d) => d.toISODate())).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
    expect(businessDays('UTC', 2, now).map((d) => d.toISODate())).toEqual(['2026-12-07', '2026-12-08']);
  });
});
