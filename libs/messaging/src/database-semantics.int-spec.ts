import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { testInfraEnv } from '@clinic-flow/testing';

/**
 * What the repositories rely on from the database the tests run on (FerretDB with the fixes in
 * infra/components/ferretdb.js FERRETDB_PATCHES): a filter on `_id` plus other conditions is still the whole
 * filter (the patch only narrows the rows read to that `_id`), and every kind of write honours it.
 */
describe('database semantics the repositories rely on (real FerretDB)', () => {
  let connection: Connection;
  const name = `it_semantics_${randomUUID().slice(0, 8)}`;
  const coll = () => connection.db!.collection<{ _id: string; status: string; version: number }>(name);

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: 'clinic_it' }).asPromise();
    await coll().insertMany([
      { _id: 'a', status: 'scheduled', version: 1 },
      { _id: 'b', status: 'sent', version: 3 },
      ...Array.from({ length: 50 }, (_, i) => ({ _id: `filler-${i}`, status: 'scheduled', version: 1 })),
    ]);
  });
  afterAll(async () => {
    await coll().drop().catch(() => undefined);
    await connection.close();
  });

  it('a conditional update by _id changes the document only when the other conditions hold', async () => {
    expect((await coll().updateOne({ _id: 'a', status: { $in: ['sending', 'sent'] } }, { $set: { status: 'cancelled' } })).modifiedCount).toBe(0);
    expect((await coll().updateOne({ _id: 'a', status: { $in: ['scheduled', 'sending'] } }, { $set: { status: 'sending' } })).modifiedCount).toBe(1);
    expect((await coll().updateOne({ _id: 'b', version: 2 }, { $set: { status: 'stale' } })).modifiedCount).toBe(0);
    expect((await coll().updateOne({ _id: 'b', version: 3 }, { $set: { status: 'cleared' }, $inc: { version: 1 } })).modifiedCount).toBe(1);
    expect(await coll().find({ _id: { $in: ['a', 'b'] } }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', status: 'sending', version: 1 },
      { _id: 'b', status: 'cleared', version: 4 },
    ]);
  });

  it('reads, findAndModify, counts and deletes by _id honour the rest of the filter', async () => {
    expect(await coll().findOne({ _id: 'a', status: 'scheduled' })).toBeNull();
    expect(await coll().findOne({ _id: 'a', status: 'sending' })).toMatchObject({ _id: 'a' });
    expect(await coll().findOneAndUpdate({ _id: 'filler-1', status: 'sent' }, { $set: { status: 'x' } })).toBeNull();
    expect(await coll().countDocuments({ _id: 'filler-2', status: 'scheduled' })).toBe(1);
    expect(await coll().countDocuments({ _id: 'filler-2', status: 'sent' })).toBe(0);
    expect((await coll().deleteOne({ _id: 'filler-3', status: 'sent' })).deletedCount).toBe(0);
    expect((await coll().deleteOne({ _id: 'filler-3', status: 'scheduled' })).deletedCount).toBe(1);
    expect(await coll().countDocuments({})).toBe(51);
  });
});
