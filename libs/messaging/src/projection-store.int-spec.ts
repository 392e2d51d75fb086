import { randomUUID } from 'node:crypto';
import mongoose, { Connection, Schema } from 'mongoose';
import { testInfraEnv } from '@clinic-flow/testing';
import { DocumentLocks } from './document-locks';
import { ProjectionStore } from './projection-store';

interface Row {
  _id: string;
  asOf: Date;
  name: string;
  email?: string;
}

describe('projection store (real FerretDB)', () => {
  let connection: Connection;
  let store: ProjectionStore<Row>;
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: 'it_messaging' }).asPromise();
    const suffix = randomUUID().slice(0, 8);
    store = new ProjectionStore<Row>(connection, new DocumentLocks(), {
      name: `ItRow${suffix}`,
      collection: `it_rows_${suffix}`,
      schema: new Schema({ _id: String, asOf: Date, name: String, email: String }, { versionKey: false }),
    });
  });

  afterAll(() => connection.close());

  it('keeps the newest state by the source time, whatever order the events arrive in', async () => {
    const id = `row-${randomUUID()}`;
    expect(await store.upsertIfNewer({ _id: id, asOf: at(2), name: 'second', email: 'b@example.com' })).toBe(true);
    expect(await store.upsertIfNewer({ _id: id, asOf: at(1), name: 'first', email: 'a@example.com' })).toBe(false);
    expect(await store.findById(id)).toMatchObject({ name: 'second', email: 'b@example.com' });
    // The same event again applies and leaves the same document; a newer one without an email removes it.
    expect(await store.upsertIfNewer({ _id: id, asOf: at(2), name: 'second', email: 'b@example.com' })).toBe(true);
    expect(await store.upsertIfNewer({ _id: id, asOf: at(3), name: 'third', email: undefined })).toBe(true);
    const row = await store.findById(id);
    expect(row).toMatchObject({ name: 'third' });
    expect(row).not.toHaveProperty('email');
  });

  it('applies concurrent events of one row so the newest wins', async () => {
    const id = `row-${randomUUID()}`;
    await Promise.all([5, 1, 4, 2, 3].map((s) => store.upsertIfNewer({ _id: id, asOf: at(s), name: `v${s}` })));
    expect((await store.findById(id))!.name).toBe('v5');
    expect([...(await store.findMany([id, 'missing', id])).keys()]).toEqual([id]);
  });
});
