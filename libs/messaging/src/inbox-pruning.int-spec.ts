import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { Metrics } from '@clinic-flow/platform';
import { testInfraEnv } from '@clinic-flow/testing';
import { Inbox, InboxPruner } from './inbox';

const DAY_MS = 24 * 3600_000;

/*
 * The inbox of handled ids on the real FerretDB: a pass deletes, in batches, exactly the ids
 * handled longer ago than the retention (every consumer group's), and keeps every id a replay of a
 * domain topic (30 days) could still deliver, which a consumer still skips.
 */
describe('inbox pruning (real FerretDB)', () => {
  let connection: Connection;
  const db = `it_inbox_${randomUUID().slice(0, 8)}`;
  const inbox = () => connection.db!.collection<{ _id: string; type: string; handledAt?: Date }>('inbox');

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: db }).asPromise();
  });
  afterAll(async () => {
    await connection.db?.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('deletes ids older than the retention in small batches, keeps the rest, and a replayed recent event is still skipped', async () => {
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const old = Array.from({ length: 230 }, (_, i) => ({ _id: `${i % 2 ? 'scheduling' : 'scheduling-waitlist'}:old-${i}`, type: 'appointment.booked', handledAt: ago(46 + (i % 20)) }));
    const kept = [
      { _id: 'scheduling:replayable', type: 'appointment.booked', handledAt: ago(31) },
      { _id: 'scheduling:edge', type: 'appointment.booked', handledAt: ago(44.9) },
      { _id: 'scheduling:fresh', type: 'appointment.booked', handledAt: now },
      { _id: 'scheduling:no-time', type: 'appointment.booked' },
    ];
    await inbox().insertMany([...old, ...kept]);

    const metrics = new Metrics('test', { processMetrics: false });
    const pruner = new InboxPruner(connection, { retentionDays: 45, intervalMs: 0, batchSize: 50 }, metrics);
    const deletes = jest.spyOn(connection.models.InboxRecord, 'bulkWrite');
    const report = await pruner.prune(now);

    expect(report).toMatchObject({ scanned: 234, deleted: 230 });
    // 230 ids, at most 50 per batch.
    expect(deletes).toHaveBeenCalledTimes(5);
    expect(deletes.mock.calls.every(([ops]) => (ops as unknown[]).length <= 50)).toBe(true);
    expect((await inbox().find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id).sort()).toEqual(kept.map((r) => r._id).sort());
    expect(await metrics.registry.getSingleMetricAsString('inbox_pruned_total')).toContain('inbox_pruned_total{service="test"} 230');
    // An event of 31 days ago (still in a domain topic, replayed from the beginning) is still known.
    expect(await new Inbox(connection, 'scheduling').seen('replayable')).toBe(true);
    expect(await new Inbox(connection, 'scheduling').seen('old-1')).toBe(false);
    // A second pass has nothing to do.
    expect((await pruner.prune(now)).deleted).toBe(0);
  });

  it('refuses a retention that is not longer than the domain topics keep events', () => {
    expect(() => new InboxPruner(connection, { retentionDays: 30, intervalMs: 0, batchSize: 50 })).toThrow(/must be longer than the domain topics' retention \(30 days\)/);
  });
});
