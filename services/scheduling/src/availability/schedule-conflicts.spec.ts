import { CalendarEntry } from '../calendar/calendar.repository';
import { ProviderScheduleRecord } from './availability.schema';
import { ScheduleConflicts } from './schedule-conflicts';
import { SiteRecord } from '../directory/directory.schema';

const site: SiteRecord = {
  _id: 'site-a',
  version: 1,
  name: 'A',
  timeZone: 'America/New_York',
  address: '',
  phone: '',
  openingHours: [2].map((weekday) => ({ weekday, open: '08:00', close: '18:00' })),
  closures: [],
};
const schedule = (start: string, end: string): ProviderScheduleRecord => ({
  _id: 'p1',
  templates: [{ siteId: 'site-a', sessions: [{ weekday: 2, start, end }], updatedAt: new Date(), updatedBy: 'u' }],
  exceptions: [],
  updatedAt: new Date(),
});
const entry = (id: string, startIso: string, status: CalendarEntry['status'] = 'booked'): CalendarEntry => {
  const start = new Date(startIso);
  const end = new Date(start.getTime() + 20 * 60_000);
  return { appointmentId: id, revision: 1, patientId: `pat-${id}`, providerId: 'p1', siteId: 'site-a', appointmentTypeId: 'follow-up', start, end, blockedUntil: end, status };
};

/** Fakes of the two repositories the finder reads. */
function finder(entries: CalendarEntry[]) {
  const calendar = { entries: async () => entries };
  const catalog = { findType: async (id: string) => ({ _id: id, telehealth: false }) };
  return new ScheduleConflicts(calendar as never, catalog as never);
}

describe('ScheduleConflicts', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const entries = [
    entry('morning', '2026-12-01T09:00:00-05:00'),
    entry('afternoon', '2026-12-01T15:00:00-05:00'),
    entry('cancelled', '2026-12-01T15:30:00-05:00', 'cancelled'),
    entry('overbooked-already', '2026-12-01T19:00:00-05:00'),
  ];

  it('lists upcoming appointments a shorter template strands, with patient and local times', async () => {
    const found = await finder(entries).find({
      providerIds: ['p1'],
      before: { schedule: () => schedule('08:00', '17:00'), site: () => site },
      after: { schedule: () => schedule('08:00', '12:00'), site: () => site },
      now,
    });
    expect(found).toEqual([
      { appointmentId: 'afternoon', providerId: 'p1', siteId: 'site-a', patientId: 'pat-afternoon', start: '2026-12-01T15:00:00-05:00', end: '2026-12-01T15:20:00-05:00' },
    ]);
  });

  it('lists appointments that new opening hours leave outside', async () => {
    const found = await finder(entries).find({
      providerIds: ['p1'],
      before: { schedule: () => schedule('08:00', '17:00'), site: () => site },
      after: { schedule: () => schedule('08:00', '17:00'), site: () => ({ ...site, closures: [{ date: '2026-12-01', reason: 'Storm' }] }) },
      now,
    });
    expect(found.map((c) => c.appointmentId)).toEqual(['morning', 'afternoon']);
  });

  it('finds nothing when the change keeps every appointment inside', async () => {
    const found = await finder(entries).find({
      providerIds: ['p1'],
      before: { schedule: () => schedule('08:00', '17:00'), site: () => site },
      after: { schedule: () => schedule('08:30', '17:00'), site: () => site },
      now,
    });
    expect(found).toEqual([]);
  });

  it('refuses unacknowledged conflicts with 409 AVAILABILITY.CONFLICTS and the list', () => {
    const list = [{ appointmentId: 'a', providerId: 'p', siteId: 's', patientId: 'x', start: '', end: '' }];
    expect(() => ScheduleConflicts.assertAcknowledged(list, false)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'AVAILABILITY.CONFLICTS', details: { conflicts: list } }));
    expect(() => ScheduleConflicts.assertAcknowledged(list, true)).not.toThrow();
    expect(() => ScheduleConflicts.assertAcknowledged([], false)).not.toThrow();
  });
});
