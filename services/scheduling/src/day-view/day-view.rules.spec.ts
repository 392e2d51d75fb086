import type { CalendarEntry } from '../calendar/calendar.repository';
import { dayBounds, groupByProvider, withInsurance, withNames } from './day-view.rules';

const entry = (id: string, providerId: string, start: string, status: CalendarEntry['status'] = 'booked', siteId = 'site-downtown'): CalendarEntry => ({
  appointmentId: id,
  revision: 1,
  patientId: `patient-${id}`,
  providerId,
  siteId,
  appointmentTypeId: 'follow-up',
  start: new Date(start),
  end: new Date(new Date(start).getTime() + 20 * 60_000),
  blockedUntil: new Date(new Date(start).getTime() + 20 * 60_000),
  status,
});

describe('dayBounds', () => {
  it('is the local day in UTC, 23 and 25 hours long on DST change days', () => {
    expect(dayBounds('2026-12-01', 'America/New_York')).toEqual({ from: new Date('2026-12-01T05:00:00Z'), to: new Date('2026-12-02T05:00:00Z') });
    const spring = dayBounds('2026-03-08', 'America/New_York');
    expect((spring.to.getTime() - spring.from.getTime()) / 3600_000).toBe(23);
    const autumn = dayBounds('2026-11-01', 'America/New_York');
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3600_000).toBe(25);
  });

  it('refuses an impossible date', () => {
    expect(() => dayBounds('2026-02-30', 'America/New_York')).toThrow(expect.objectContaining({ code: 'SCHEDULE.INVALID_DATE' }));
  });
});

describe('groupByProvider', () => {
  const day = { ...dayBounds('2026-12-01', 'America/New_York'), siteId: 'site-downtown', timeZone: 'America/New_York' };
  const providers = [
    { id: 'prov-a', name: 'A' },
    { id: 'prov-b', name: 'B' },
  ];

  it("lists each provider's appointments of the day by start, all statuses, in the site's zone", () => {
    const view = groupByProvider(
      [
        entry('2', 'prov-a', '2026-12-01T16:00:00Z', 'checked-in'),
        entry('1', 'prov-a', '2026-12-01T14:00:00Z', 'cancelled'),
        entry('3', 'prov-b', '2026-12-02T04:30:00Z'), // 23:30 local: still 1 December
        entry('4', 'prov-b', '2026-12-02T05:00:00Z'), // 00:00 on 2 December
        entry('5', 'prov-a', '2026-12-01T15:00:00Z', 'booked', 'site-riverside'),
        entry('6', 'prov-a', '2026-12-01T04:59:00Z'), // 23:59 on 30 November
      ],
      providers,
      day,
    );
    expect(view.providers.map((p) => [p.providerId, p.appointments.map((a) => a.appointmentId)])).toEqual([
      ['prov-a', ['1', '2']],
      ['prov-b', ['3']],
    ]);
    expect(view.providers[0].appointments[1]).toMatchObject({ status: 'checked-in', start: '2026-12-01T11:00:00-05:00', end: '2026-12-01T11:20:00-05:00', patientId: 'patient-2' });
    expect(view.totals).toEqual({ cancelled: 1, 'checked-in': 1, booked: 1 });
  });

  it('lists a provider without appointments with an empty day', () => {
    expect(groupByProvider([], providers, day).providers[1]).toEqual({ providerId: 'prov-b', providerName: 'B', appointments: [] });
  });
});

describe('withNames', () => {
  const appointment = (appointmentId: string, patientId: string, appointmentTypeId?: string) => ({
    appointmentId,
    patientId,
    appointmentTypeId,
    start: '2026-12-01T09:00:00-05:00',
    end: '2026-12-01T09:20:00-05:00',
    status: 'booked' as const,
  });

  it('adds the name, date of birth and type name it knows, and leaves the rest as they are', () => {
    const providers = [{ providerId: 'p1', providerName: 'Dr. A', appointments: [appointment('a1', 'pat-1', 'follow-up'), appointment('a2', 'pat-unknown', 'gone-type')] }];
    const named = withNames(providers, new Map([['pat-1', { firstName: 'Maria', lastName: 'Lopez', dateOfBirth: '1984-03-12' }]]), new Map([['follow-up', 'Follow-up visit']]));
    expect(named[0].appointments[0]).toMatchObject({ patientName: 'Lopez, Maria', patientDateOfBirth: '1984-03-12', appointmentTypeName: 'Follow-up visit' });
    expect(named[0].appointments[1]).toEqual(appointment('a2', 'pat-unknown', 'gone-type'));
    expect(providers[0].appointments[0]).not.toHaveProperty('patientName');
  });
});

describe('withInsurance', () => {
  const appointment = (appointmentId: string) => ({ appointmentId, patientId: 'p', start: '2026-12-01T09:00:00-05:00', end: '2026-12-01T09:20:00-05:00', status: 'booked' as const });
  const providers = [{ providerId: 'p1', providerName: 'Dr. A', appointments: [appointment('a1'), appointment('a2'), appointment('a3')] }];
  const asOf = new Date('2026-11-30T12:00:00Z');

  it("shows each appointment's eligibility for the day shown and its authorization once assessed", () => {
    const shown = withInsurance(
      providers,
      '2026-12-01',
      new Map([
        ['a1', { _id: 'a1:2026-12-01', appointmentId: 'a1', dateOfService: '2026-12-01', checkId: 'c1', coverageId: 'cov', status: 'inactive' as const, asOf }],
        ['a2', { _id: 'a2:2026-11-28', appointmentId: 'a2', dateOfService: '2026-11-28', checkId: 'c2', coverageId: 'cov', status: 'active' as const, asOf }],
      ]),
      new Map([['a1', { _id: 'a1', requirement: 'authorization' as const, state: 'missing' as const, blocking: false, asOf }]]),
    );
    const [a1, a2, a3] = shown[0].appointments;
    expect(a1).toMatchObject({ eligibility: { status: 'inactive', checkId: 'c1' }, authorization: { requirement: 'authorization', state: 'missing', flagged: true } });
    expect(a2.eligibility).toEqual({ status: 'not-checked' });
    expect(a3).toMatchObject({ eligibility: { status: 'not-checked' } });
    expect(a3).not.toHaveProperty('authorization');
  });
});
