import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { testInfraEnv } from '@clinic-flow/testing';
import { CalendarEntry, CalendarRepository } from './calendar.repository';

/* The busy-time projection against the real FerretDB: idempotent, order-proof, no lost updates. */
describe('CalendarRepository (real FerretDB)', () => {
  let connection: Connection;
  let calendar: CalendarRepository;
  const december = { from: new Date('2030-12-01T00:00:00Z'), to: new Date('2031-01-01T00:00:00Z') };
  const january = { from: new Date('2031-01-01T00:00:00Z'), to: new Date('2031-02-01T00:00:00Z') };

  const entry = (overrides: Partial<CalendarEntry> = {}): CalendarEntry => {
    const start = overrides.start ?? new Date('2030-12-30T15:00:00Z');
    const end = new Date(start.getTime() + 20 * 60_000);
    return {
      appointmentId: randomUUID(),
      revision: 1,
      patientId: 'pat-1',
      providerId: `prov-it-${randomUUID().slice(0, 8)}`,
      siteId: 'site-downtown',
      appointmentTypeId: 'follow-up',
      start,
      end,
      blockedUntil: new Date(end.getTime() + 10 * 60_000),
      status: 'booked',
      ...overrides,
    };
  };

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: 'it_scheduling_calendar' }).asPromise();
    calendar = new CalendarRepository(connection, new DocumentLocks(), { SCHEDULING_CACHE_MS: 60_000 });
  });

  afterAll(async () => {
    await connection.close();
  });

  it('applies each revision once and ignores older, late ones', async () => {
    const booked = entry();
    await calendar.apply(booked);
    await calendar.apply(booked);
    expect(await calendar.entries([booked.providerId], december.from, december.to)).toEqual([booked]);

    await calendar.apply({ ...booked, revision: 3, status: 'cancelled' });
    await calendar.apply({ ...booked, revision: 2, status: 'confirmed' });
    expect((await calendar.entries([booked.providerId], december.from, december.to)).map((e) => [e.revision, e.status])).toEqual([[3, 'cancelled']]);
  });

  it('moves a rescheduled appointment (and its room) across months, and a late old event cannot bring it back', async () => {
    const roomA = `room-it-${randomUUID().slice(0, 8)}`;
    const roomB = `room-it-${randomUUID().slice(0, 8)}`;
    const first = entry({ roomId: roomA });
    await calendar.apply(first);
    const moved = { ...first, revision: 2, roomId: roomB, start: new Date('2031-01-02T15:00:00Z'), end: new Date('2031-01-02T15:20:00Z'), blockedUntil: new Date('2031-01-02T15:30:00Z') };
    await calendar.apply(moved, { providerId: first.providerId, start: first.start });
    await calendar.apply(first);

    expect(await calendar.entries([first.providerId], december.from, december.to)).toEqual([]);
    expect(await calendar.entries([first.providerId], january.from, january.to)).toEqual([moved]);
    expect(await calendar.roomEntries([roomA], december.from, december.to)).toEqual([]);
    expect(await calendar.roomEntries([roomB], january.from, january.to)).toEqual([moved]);
  });

  it('loses none of many entries written to one month at once, and reads its own writes', async () => {
    const providerId = `prov-it-${randomUUID().slice(0, 8)}`;
    expect(await calendar.entries([providerId], december.from, december.to)).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => entry({ providerId, start: new Date(Date.UTC(2030, 11, 2 + i, 15)) }));
    await Promise.all(many.map((e) => calendar.apply(e)));
    const stored = await calendar.entries([providerId], december.from, december.to);
    expect(stored.map((e) => e.appointmentId).sort()).toEqual(many.map((e) => e.appointmentId).sort());
  });

  it('finds an entry overlapping the range by its buffer, not one outside it', async () => {
    const e = entry({ start: new Date('2030-12-31T23:40:00Z') });
    await calendar.apply(e);
    expect(await calendar.entries([e.providerId], january.from, january.to)).toEqual([e]);
    expect(await calendar.entries([e.providerId], new Date('2031-01-01T00:10:00Z'), january.to)).toEqual([]);
  });
});
