import { bookableSpans, bookingViolations, datesBetween, providerWindows, sessionProblems, siteOpenSpans, SiteHoursLike, subtract, TypeLike, union, ZoneClock } from './availability.rules';

const NY = new ZoneClock('America/New_York');
const iso = (ms: number) => new Date(ms).toISOString();
const weekdays = [1, 2, 3, 4, 5, 6, 7];
const nineToFive = weekdays.map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

const followUp: TypeLike = { _id: 'follow-up', name: 'Follow-up', durationMinutes: 20, bufferAfterMinutes: 0, providerRoles: ['physician'], telehealth: false, minLeadMinutes: 60, maxHorizonDays: 180 };
const telehealth: TypeLike = { ...followUp, _id: 'tele', name: 'Telehealth', telehealth: true };
const site: SiteHoursLike & { name: string } = {
  name: 'Downtown',
  timeZone: 'America/New_York',
  openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '18:00' })),
  closures: [{ date: '2026-12-25', reason: 'Christmas Day' }],
};
const physician = { name: 'Dr. A', role: 'physician' as const };

describe('template expansion across DST (America/New_York)', () => {
  it('keeps 09:00-17:00 local on both sides of the spring change (2026-03-08)', () => {
    const windows = providerWindows({ sessions: nineToFive, exceptions: [], siteId: 's' }, NY, datesBetween('2026-03-07', '2026-03-09'));
    expect(windows.map((w) => [iso(w.start), iso(w.end)])).toEqual([
      ['2026-03-07T14:00:00.000Z', '2026-03-07T22:00:00.000Z'], // EST, UTC-5
      ['2026-03-08T13:00:00.000Z', '2026-03-08T21:00:00.000Z'], // EDT, UTC-4, on the day of the change
      ['2026-03-09T13:00:00.000Z', '2026-03-09T21:00:00.000Z'],
    ]);
  });

  it('keeps 09:00-17:00 local on both sides of the autumn change (2026-11-01)', () => {
    const windows = providerWindows({ sessions: nineToFive, exceptions: [], siteId: 's' }, NY, datesBetween('2026-10-31', '2026-11-02'));
    expect(windows.map((w) => [iso(w.start), iso(w.end)])).toEqual([
      ['2026-10-31T13:00:00.000Z', '2026-10-31T21:00:00.000Z'],
      ['2026-11-01T14:00:00.000Z', '2026-11-01T22:00:00.000Z'],
      ['2026-11-02T14:00:00.000Z', '2026-11-02T22:00:00.000Z'],
    ]);
  });

  it('makes a 00:00-24:00 session 23 hours long on the spring day and 25 on the autumn day', () => {
    const allDay = weekdays.map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const [spring] = providerWindows({ sessions: allDay, exceptions: [], siteId: 's' }, NY, ['2026-03-08']);
    const [autumn] = providerWindows({ sessions: allDay, exceptions: [], siteId: 's' }, NY, ['2026-11-01']);
    expect((spring.end - spring.start) / 3600_000).toBe(23);
    expect((autumn.end - autumn.start) / 3600_000).toBe(25);
  });

  it('moves a session starting in the skipped hour forward', () => {
    const [w] = providerWindows({ sessions: [{ weekday: 7, start: '02:30', end: '04:00' }], exceptions: [], siteId: 's' }, NY, ['2026-03-08']);
    expect(iso(w.start)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(w.end)).toBe('2026-03-08T08:00:00.000Z');
  });
});

describe('exceptions', () => {
  const dates = ['2026-12-01'];
  it('cuts time off and blocked time out of sessions and keeps restrictions on the pieces', () => {
    const windows = providerWindows(
      {
        sessions: [{ weekday: 2, start: '09:00', end: '17:00', appointmentTypeIds: ['follow-up'] }],
        exceptions: [
          { kind: 'time-off', start: new Date('2026-12-01T16:00:00Z'), end: new Date('2026-12-01T17:00:00Z') },
          { kind: 'blocked', start: new Date('2026-12-01T19:00:00Z'), end: new Date('2026-12-01T19:30:00Z') },
        ],
        siteId: 's',
      },
      NY,
      dates,
    );
    expect(windows.map((w) => [iso(w.start), iso(w.end), w.typeIds])).toEqual([
      ['2026-12-01T14:00:00.000Z', '2026-12-01T16:00:00.000Z', ['follow-up']],
      ['2026-12-01T17:00:00.000Z', '2026-12-01T19:00:00.000Z', ['follow-up']],
      ['2026-12-01T19:30:00.000Z', '2026-12-01T22:00:00.000Z', ['follow-up']],
    ]);
  });

  it('adds extra sessions only at their own site', () => {
    const extra = { kind: 'extra' as const, start: new Date('2026-12-01T23:00:00Z'), end: new Date('2026-12-02T01:00:00Z'), siteId: 'here' };
    expect(providerWindows({ sessions: [], exceptions: [extra], siteId: 'here' }, NY, dates)).toHaveLength(1);
    expect(providerWindows({ sessions: [], exceptions: [extra], siteId: 'elsewhere' }, NY, dates)).toHaveLength(0);
  });
});

describe('opening hours and closures', () => {
  it('limits in-person types to opening hours and skips closure dates; telehealth ignores both', () => {
    const dates = datesBetween('2026-12-24', '2026-12-26'); // Thu, Fri (closed), Sat (no hours)
    const early = weekdays.map((weekday) => ({ weekday, start: '07:00', end: '12:00' }));
    const windows = providerWindows({ sessions: early, exceptions: [], siteId: 's' }, NY, dates);
    const open = siteOpenSpans(site, NY, dates);
    expect(bookableSpans(windows, followUp, open).map((s) => [iso(s.start), iso(s.end)])).toEqual([['2026-12-24T13:00:00.000Z', '2026-12-24T17:00:00.000Z']]);
    expect(bookableSpans(windows, telehealth, open)).toHaveLength(3);
  });

  it('treats a site without hours as open every day except closures', () => {
    const spans = siteOpenSpans({ timeZone: 'America/New_York', closures: [{ date: '2026-12-25', reason: 'x' }] }, NY, datesBetween('2026-12-24', '2026-12-26'));
    expect(spans.map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-12-24T05:00:00.000Z', '2026-12-25T05:00:00.000Z'],
      ['2026-12-26T05:00:00.000Z', '2026-12-27T05:00:00.000Z'],
    ]);
  });
});

describe('bookingViolations', () => {
  const dates = datesBetween('2026-11-30', '2026-12-02');
  const sessions = [
    { weekday: 2, start: '09:00', end: '12:00' },
    { weekday: 2, start: '13:00', end: '17:00', appointmentTypeIds: ['tele'] },
    { weekday: 2, start: '17:00', end: '20:00' },
  ];
  const windows = providerWindows({ sessions, exceptions: [], siteId: 's' }, NY, dates);
  const open = siteOpenSpans(site, NY, dates);
  const now = Date.parse('2026-11-20T12:00:00Z');
  const check = (startIso: string, overrides: Partial<Parameters<typeof bookingViolations>[0]> = {}) => {
    const start = Date.parse(startIso);
    return bookingViolations({ site, provider: physician, type: followUp, windows, open, start, end: start + 20 * 60_000, now, ...overrides }).map((v) => `${v.code}${v.overridable ? '' : '!'}`);
  };

  it('accepts an appointment inside a session and the opening hours', () => {
    expect(check('2026-12-01T09:00:00-05:00')).toEqual([]);
    expect(check('2026-12-01T11:40:00-05:00')).toEqual([]);
  });

  it('reports a start outside availability, or running past its end', () => {
    expect(check('2026-12-01T08:00:00-05:00')).toEqual(['APPOINTMENT.OUTSIDE_AVAILABILITY']);
    expect(check('2026-12-01T11:50:00-05:00')).toEqual(['APPOINTMENT.OUTSIDE_AVAILABILITY']);
  });

  it('reports a session reserved for other types', () => {
    expect(check('2026-12-01T14:00:00-05:00')).toEqual(['APPOINTMENT.TYPE_NOT_IN_SESSION']);
    expect(check('2026-12-01T14:00:00-05:00', { type: telehealth })).toEqual([]);
  });

  it('reports in-person time outside opening hours, but not telehealth', () => {
    expect(check('2026-12-01T18:00:00-05:00')).toEqual(['APPOINTMENT.SITE_CLOSED']);
    expect(check('2026-12-01T18:00:00-05:00', { type: { ...telehealth, _id: 'other' } })).toEqual([]);
  });

  it('refuses lead time and horizon, not overridable', () => {
    expect(check('2026-12-01T09:00:00-05:00', { now: Date.parse('2026-12-01T13:30:00Z') })).toEqual(['APPOINTMENT.LEAD_TIME!']);
    expect(check('2026-12-01T09:00:00-05:00', { now: Date.parse('2026-05-01T12:00:00Z') })).toEqual(['APPOINTMENT.BEYOND_HORIZON!']);
  });

  it('refuses a provider whose role may not take the type, and a virtual provider for in-person care', () => {
    expect(check('2026-12-01T09:00:00-05:00', { provider: { name: 'RN', role: 'registered-nurse' } })).toEqual(['APPOINTMENT.ROLE_NOT_ALLOWED!']);
    expect(check('2026-12-01T09:00:00-05:00', { provider: { ...physician, virtual: true } })).toEqual(['APPOINTMENT.ROLE_NOT_ALLOWED!']);
  });
});

describe('span helpers and session checks', () => {
  it('merges touching spans and subtracts holes', () => {
    expect(union([{ start: 5, end: 10 }, { start: 0, end: 5 }, { start: 12, end: 13 }])).toEqual([{ start: 0, end: 10 }, { start: 12, end: 13 }]);
    expect(subtract([{ start: 0, end: 10 }], [{ start: 2, end: 3 }, { start: 8, end: 20 }])).toEqual([{ start: 0, end: 2 }, { start: 3, end: 8 }]);
  });

  it('finds reversed and overlapping sessions', () => {
    expect(sessionProblems([{ weekday: 1, start: '09:00', end: '12:00' }, { weekday: 1, start: '12:00', end: '24:00' }])).toEqual([]);
    expect(sessionProblems([{ weekday: 1, start: '12:00', end: '09:00' }])).toHaveLength(1);
    expect(sessionProblems([{ weekday: 1, start: '09:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }])).toHaveLength(1);
  });
});
