import { inQuietHours, isValidQuietHours, isValidQuietTime, nextAllowed, parseQuietHours, resolvePolicy, timeRespectingQuietHours } from './policies.rules';

const NIGHT = { start: '21:00', end: '08:00' };
const NY = 'America/New_York';

describe('quiet hours', () => {
  it('parses HH:mm-HH:mm and refuses anything else', () => {
    expect(parseQuietHours('21:00-08:00')).toEqual(NIGHT);
    expect(parseQuietHours('21:00-21:00')).toBeNull();
    expect(parseQuietHours('9pm-8am')).toBeNull();
    expect(parseQuietHours('24:00-08:00')).toBeNull();
  });

  it('takes HH:mm:ss only with second precision (tests), and an empty window in neither', () => {
    expect(isValidQuietTime('08:00')).toBe(true);
    expect(isValidQuietTime('08:00:30')).toBe(false);
    expect(isValidQuietTime('08:00:30', 'second')).toBe(true);
    expect(isValidQuietTime('08:00:60', 'second')).toBe(false);
    expect(isValidQuietHours({ start: '08:00', end: '08:00:00' }, 'second')).toBe(false);
    expect(isValidQuietHours({ start: '08:00', end: '08:00:01' }, 'second')).toBe(true);
  });

  it('ends a window given to the second at that second', () => {
    const quiet = { start: '21:00', end: '08:00:30' };
    expect(inQuietHours(new Date('2026-12-03T13:00:29Z'), NY, quiet)).toBe(true); // 08:00:29 EST
    expect(inQuietHours(new Date('2026-12-03T13:00:30Z'), NY, quiet)).toBe(false);
    expect(nextAllowed(new Date('2026-12-03T11:00:00Z'), NY, quiet).toISOString()).toBe('2026-12-03T13:00:30.000Z');
  });

  it("knows the window in the site's zone, across midnight", () => {
    expect(inQuietHours(new Date('2026-12-03T02:30:00Z'), NY, NIGHT)).toBe(true); // 21:30 EST
    expect(inQuietHours(new Date('2026-12-03T13:00:00Z'), NY, NIGHT)).toBe(false); // 08:00 EST: window over
    expect(inQuietHours(new Date('2026-12-03T12:59:00Z'), NY, NIGHT)).toBe(true); // 07:59 EST
    expect(inQuietHours(new Date('2026-12-03T02:30:00Z'), NY, { start: '12:00', end: '13:00' })).toBe(false);
    expect(inQuietHours(new Date('2026-12-03T17:30:00Z'), NY, { start: '12:00', end: '13:00' })).toBe(true);
    expect(inQuietHours(new Date('2026-12-03T02:30:00Z'), NY, null)).toBe(false);
  });

  it('moves a message due at night to 08:00 site time the next morning', () => {
    // 22:00 EST on Dec 2 -> 08:00 EST on Dec 3.
    expect(nextAllowed(new Date('2026-12-03T03:00:00Z'), NY, NIGHT).toISOString()).toBe('2026-12-03T13:00:00.000Z');
    // 06:00 EST -> 08:00 the same day.
    expect(nextAllowed(new Date('2026-12-03T11:00:00Z'), NY, NIGHT).toISOString()).toBe('2026-12-03T13:00:00.000Z');
    // Outside quiet hours nothing moves.
    expect(nextAllowed(new Date('2026-12-03T15:00:00Z'), NY, NIGHT).toISOString()).toBe('2026-12-03T15:00:00.000Z');
  });

  it('lands on 08:00 local time across the spring-forward night (EST evening -> EDT morning)', () => {
    // 2027-03-13 22:00 EST (03:00Z on the 14th); clocks jump at 02:00; 08:00 EDT = 12:00Z.
    expect(nextAllowed(new Date('2027-03-14T03:00:00Z'), NY, NIGHT).toISOString()).toBe('2027-03-14T12:00:00.000Z');
  });

  it('lands on 08:00 local time across the fall-back night (EDT evening -> EST morning)', () => {
    // 2026-10-31 23:00 EDT (03:00Z Nov 1); clocks fall back at 02:00; 08:00 EST = 13:00Z.
    expect(nextAllowed(new Date('2026-11-01T03:00:00Z'), NY, NIGHT).toISOString()).toBe('2026-11-01T13:00:00.000Z');
    // 01:30 in the repeated hour (second pass, EST = 06:30Z) is quiet too and also goes to 08:00 EST.
    expect(nextAllowed(new Date('2026-11-01T06:30:00Z'), NY, NIGHT).toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });

  it('moves to the first valid instant when the window ends in the hour that does not exist', () => {
    // Window 22:00-02:30 on the spring-forward night: 02:30 does not exist, 03:30 EDT (07:30Z) does.
    const at = nextAllowed(new Date('2027-03-14T04:00:00Z'), NY, { start: '22:00', end: '02:30' });
    expect(at.toISOString()).toBe('2027-03-14T07:30:00.000Z');
  });

  it('skips a reminder whose allowed time is at or after the appointment', () => {
    // Due 23:00 EST, appointment 07:30 EST the next morning: 08:00 is too late.
    const result = timeRespectingQuietHours(new Date('2026-12-03T04:00:00Z'), NY, NIGHT, new Date('2026-12-03T12:30:00Z'));
    expect(result).toEqual({ skip: expect.stringContaining('quiet hours (21:00-08:00 America/New_York)') });
    const ok = timeRespectingQuietHours(new Date('2026-12-03T04:00:00Z'), NY, NIGHT, new Date('2026-12-03T14:00:00Z'));
    expect(ok).toEqual({ at: new Date('2026-12-03T13:00:00Z'), shifted: true });
    expect(timeRespectingQuietHours(new Date('2026-12-03T15:00:00Z'), NY, NIGHT, new Date('2026-12-03T17:00:00Z'))).toEqual({ at: new Date('2026-12-03T15:00:00Z'), shifted: false });
  });
});

describe('resolvePolicy', () => {
  const env = { steps: [{ offset: 'P2D' }, { offset: 'PT2H' }], quietHours: NIGHT };

  it('takes each field from the most specific level that sets it: type over site over default over env', () => {
    const type = { steps: [{ offset: 'PT30M', channel: 'sms' as const }] };
    const site = { steps: [{ offset: 'P1D' }], quietHours: { start: '20:00', end: '09:00' } };
    const stored = { steps: [{ offset: 'P3D' }], quietHours: null };
    expect(resolvePolicy({ type, site, stored }, env)).toEqual({ steps: type.steps, stepsFrom: 'appointment-type', quietHours: site.quietHours, quietHoursFrom: 'site' });
    expect(resolvePolicy({ site: { quietHours: null }, stored }, env)).toEqual({ steps: stored.steps, stepsFrom: 'default', quietHours: null, quietHoursFrom: 'site' });
    expect(resolvePolicy({ stored }, env)).toMatchObject({ quietHours: null, quietHoursFrom: 'default' });
    expect(resolvePolicy({}, env)).toEqual({ ...env, stepsFrom: 'env', quietHoursFrom: 'env' });
  });
});
