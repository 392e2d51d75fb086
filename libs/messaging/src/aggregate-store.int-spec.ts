import { randomUUID } from 'node:crypto';
import { Schema } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { DomainError } from '@clinic-flow/platform';
import { waitFor } from '@clinic-flow/testing';
import { AggregateStore } from './aggregate-store';
import { DocumentLocks } from './document-locks';
import { OutboxRelay } from './outbox-relay';
import { RelayTestKit } from './relay.test-support';

interface Card {
  _id: string;
  version: number;
  siteId: string;
  ownerId: string;
  count: number;
  note?: string;
}

describe('aggregate store (real FerretDB and Kafka)', () => {
  const kit = new RelayTestKit('it-aggregate-store');
  const suffix = randomUUID().slice(0, 8);
  const downtown = SiteScope.of({ id: 'it-user', siteIds: ['site-downtown'] });
  const riverside = SiteScope.of({ id: 'it-other', siteIds: ['site-riverside'] });
  let relay: OutboxRelay;
  let store: AggregateStore<Card, 'byOwner'>;
  const eventFor = (subject: string) => kit.eventFor(subject);
  const published = (subject: string) => kit.published(subject);
  const raw = (id: string) => kit.connection.collection(`it_cards_${suffix}`).findOne({ _id: id as never });

  beforeAll(async () => {
    await kit.start();
    const locks = new DocumentLocks();
    relay = new OutboxRelay(kit.publisher, kit.logger, { sweepIntervalMs: 60_000, batchSize: 100 }, locks);
    store = new AggregateStore<Card, 'byOwner'>(kit.connection, relay, locks, {
      name: `ItCard${suffix}`,
      collection: `it_cards_${suffix}`,
      schema: new Schema({ _id: String, siteId: String, ownerId: String, count: Number, note: String }, { versionKey: false }),
      site: (c) => c.siteId,
      lookups: { byOwner: { collection: `it_cards_by_owner_${suffix}`, field: 'cardIds', keys: (c) => [c.ownerId] } },
    });
    relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await kit.stop();
  });

  it('commits a document with its event and publishes it; the outbox never shows in what it returns', async () => {
    const id = `card-${randomUUID()}`;
    const event = eventFor(id);
    const created = await store.insert(downtown, { _id: id, siteId: 'site-downtown', ownerId: 'o1', count: 0 }, [event]);
    expect(created).toMatchObject({ _id: id, version: 1, count: 0 });
    expect(created).not.toHaveProperty('outbox');
    await waitFor(async () => published(id).length === 1, { what: 'the event on Kafka' });
    expect(published(id)).toEqual([event.id]);
    await waitFor(async () => (await raw(id))?.outboxPending === false, { what: 'the outbox cleared' });
  });

  it('serializes concurrent changes of one document: none is lost, each bumps the version once', async () => {
    const id = `card-${randomUUID()}`;
    await store.insert(downtown, { _id: id, siteId: 'site-downtown', ownerId: 'o2', count: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () => store.update(downtown, id, (current) => ({ set: { count: current.count + 1 } }))),
    );
    expect(await store.findById(downtown, id)).toMatchObject({ count: 20, version: 21 });
  });

  it('writes nothing for a decision that changes nothing, and still returns its result', async () => {
    const id = `card-${randomUUID()}`;
    await store.insert(downtown, { _id: id, siteId: 'site-downtown', ownerId: 'o3', count: 5 });
    const outcome = await store.update(downtown, id, (current) => ({ result: current.count * 2 }));
    expect(outcome).toMatchObject({ written: false, result: 10 });
    expect(await store.findById(downtown, id)).toMatchObject({ version: 1 });
    expect(await store.update(downtown, `missing-${randomUUID()}`, () => ({ set: { count: 1 } }))).toBeNull();
  });

  it('refuses a document of a site out of scope by id, and leaves it out of lists and look-ups', async () => {
    const owner = `owner-${randomUUID()}`;
    const here = `card-${randomUUID()}`;
    const there = `card-${randomUUID()}`;
    await store.insert(downtown, { _id: here, siteId: 'site-downtown', ownerId: owner, count: 0 });
    await expect(store.insert(downtown, { _id: there, siteId: 'site-riverside', ownerId: owner, count: 0 })).rejects.toMatchObject({ code: 'AUTH.SITE_FORBIDDEN' });
    await store.insert(riverside, { _id: there, siteId: 'site-riverside', ownerId: owner, count: 0 });

    await expect(store.findById(riverside, here)).rejects.toBeInstanceOf(DomainError);
    await expect(store.update(riverside, here, () => ({ set: { note: 'changed from elsewhere' } }))).rejects.toMatchObject({ code: 'AUTH.SITE_FORBIDDEN' });
    expect((await store.findById(downtown, here))!.note).toBeUndefined();
    expect((await store.findBy(downtown, 'byOwner', owner)).map((c) => c._id)).toEqual([here]);
    expect((await store.findBy(SiteScope.service('test'), 'byOwner', owner)).map((c) => c._id).sort()).toEqual([here, there].sort());
  });

  it('keeps a declared look-up: a new key is added before the write, a key the document no longer has is not answered', async () => {
    const id = `card-${randomUUID()}`;
    const [first, second] = [`owner-${randomUUID()}`, `owner-${randomUUID()}`];
    await store.insert(downtown, { _id: id, siteId: 'site-downtown', ownerId: first, count: 0 });
    await store.update(downtown, id, () => ({ set: { ownerId: second } }));
    expect(await store.idsBy('byOwner', first)).toEqual([id]);
    expect(await store.findBy(downtown, 'byOwner', first)).toEqual([]);
    expect((await store.findBy(downtown, 'byOwner', second)).map((c) => c._id)).toEqual([id]);
  });

  it('creates a missing document from an upsert decision with its events in the same write', async () => {
    const id = `card-${randomUUID()}`;
    const event = eventFor(id);
    const outcome = await store.upsert(downtown, id, (current) => ({ set: { siteId: 'site-downtown', ownerId: 'o5', count: (current?.count ?? 0) + 1 }, events: [event] }));
    expect(outcome).toMatchObject({ written: true, doc: { _id: id, count: 1, version: 1 } });
    await waitFor(async () => published(id).length === 1, { what: 'the upserted document\'s event' });
    const again = await store.upsert(downtown, id, (current) => ({ set: { count: (current?.count ?? 0) + 1 } }));
    expect(again.doc).toMatchObject({ count: 2, version: 2 });
  });
});
