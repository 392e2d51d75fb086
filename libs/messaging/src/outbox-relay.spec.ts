import pino from 'pino';
import type { Model } from 'mongoose';
import type { OutboxEntry } from './event-factory';
import { OutboxRelay } from './outbox-relay';
import type { EventPublisher } from './publisher';

/** One document with one pending event, in a stand-in collection that answers like mongoose. */
function collectionWithOnePending() {
  const doc = { _id: 'doc-1', version: 1, outbox: [{ id: 'event-1' } as unknown as OutboxEntry] };
  let pending = true;
  const model = {
    collection: { collectionName: 'things' },
    findById: () => ({ lean: async () => (pending ? doc : { ...doc, outbox: [] }) }),
    find: () => ({ limit: () => ({ lean: async () => (pending ? [doc] : []) }) }),
    updateOne: async () => {
      pending = false;
      return { modifiedCount: 1 };
    },
  };
  return { model: model as unknown as Model<never>, isPending: () => pending };
}

describe('the outbox relay after a failed pass', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('tries again within a second, backing off while publishing keeps failing, not at the next sweep', async () => {
    const attempts: number[] = [];
    let failuresLeft = 3;
    const publisher = {
      publish: async () => {
        attempts.push(Date.now());
        if (failuresLeft-- > 0) throw new Error('Request timed out');
      },
    } as unknown as EventPublisher;
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { sweepIntervalMs: 60_000, batchSize: 100 });
    const { model, isPending } = collectionWithOnePending();
    relay.register(model);
    const started = Date.now();
    relay.start();

    // Three failures (waits of 250, 500 and 1,000 ms between them), then the fourth pass publishes.
    for (let i = 0; i < 20 && isPending(); i++) await jest.advanceTimersByTimeAsync(250);
    expect(isPending()).toBe(false);
    expect(attempts.map((t) => t - started)).toEqual([0, 250, 750, 1750]);
    expect(relay.health().lastError).toBeUndefined();
    await relay.stop();
  });

  it('stops retrying once stopped', async () => {
    const publisher = { publish: jest.fn(async () => Promise.reject(new Error('broker down'))) } as unknown as EventPublisher;
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { sweepIntervalMs: 60_000, batchSize: 100 });
    relay.register(collectionWithOnePending().model);
    relay.start();
    await jest.advanceTimersByTimeAsync(0);
    await relay.stop();
    const calls = (publisher.publish as jest.Mock).mock.calls.length;
    await jest.advanceTimersByTimeAsync(10_000);
    expect((publisher.publish as jest.Mock).mock.calls.length).toBe(calls);
  });
});

describe('the outbox relay, given what a write left in the outbox', () => {
  /** A stand-in collection: documents by id, with reads and compare-and-set clears counted. */
  function collection(docs: Record<string, { version: number; outbox: OutboxEntry[] }>) {
    const reads: string[] = [];
    const model = {
      collection: { collectionName: 'things' },
      findById: (id: string) => ({ lean: async () => (reads.push(id), docs[id] ? { _id: id, ...docs[id] } : null) }),
      find: () => ({ limit: () => ({ lean: async () => [] }) }),
      updateOne: async (filter: { _id: string; version: number }) => {
        const doc = docs[filter._id];
        if (!doc || doc.version !== filter.version) return { modifiedCount: 0 };
        doc.outbox = [];
        return { modifiedCount: 1 };
      },
    };
    return { model: model as unknown as Model<never>, reads };
  }
  const entry = (id: string) => ({ id }) as unknown as OutboxEntry;

  /** Until nothing is queued and the pass in flight is done. */
  async function settle(relay: OutboxRelay): Promise<void> {
    for (let i = 0; i < 200 && (relay.health().queued || (relay as unknown as { running?: Promise<unknown> }).running); i++) await new Promise((r) => setTimeout(r, 1));
  }

  it('publishes a handed-over outbox without reading the document, and clears it on that version', async () => {
    const published: string[] = [];
    const publisher = { publish: async (entries: OutboxEntry[]) => void published.push(...entries.map((e) => e.id)) } as unknown as EventPublisher;
    const docs = { a: { version: 1, outbox: [entry('a1')] } };
    const { model, reads } = collection(docs);
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { sweepIntervalMs: 60_000, batchSize: 100 });
    relay.register(model);
    relay.start();
    relay.enqueue(model, 'a', { version: 1, outbox: [entry('a1')] });
    await settle(relay);
    expect(published).toEqual(['a1']);
    expect(reads).toEqual([]);
    expect(docs.a.outbox).toEqual([]);
    await relay.stop();
  });

  it('a document written again since: the clear misses, the document is read and what it holds now is published', async () => {
    const published: string[] = [];
    const publisher = { publish: async (entries: OutboxEntry[]) => void published.push(...entries.map((e) => e.id)) } as unknown as EventPublisher;
    // The write handed over version 1 with a1; another write made version 2 with a1 and a2 before the relay ran.
    const docs = { a: { version: 2, outbox: [entry('a1'), entry('a2')] } };
    const { model, reads } = collection(docs);
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { sweepIntervalMs: 60_000, batchSize: 100 });
    relay.register(model);
    relay.start();
    relay.enqueue(model, 'a', { version: 1, outbox: [entry('a1')] });
    await settle(relay);
    expect(reads).toEqual(['a']);
    expect(published).toEqual(['a1', 'a1', 'a2']);
    expect(docs.a.outbox).toEqual([]);
    await relay.stop();
  });

  it('publishes queued documents several at a time, not one after the other', async () => {
    let inFlight = 0;
    let most = 0;
    const publisher = {
      publish: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
      },
    } as unknown as EventPublisher;
    const docs = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d${i}`, { version: 1, outbox: [entry(`e${i}`)] }]));
    const { model } = collection(docs);
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { sweepIntervalMs: 60_000, batchSize: 100 });
    relay.register(model);
    relay.start();
    for (const id of Object.keys(docs)) relay.enqueue(model, id, { version: 1, outbox: docs[id].outbox });
    await settle(relay);
    for (let i = 0; i < 100 && Object.values(docs).some((d) => d.outbox.length); i++) await new Promise((r) => setTimeout(r, 5));
    expect(Object.values(docs).every((d) => d.outbox.length === 0)).toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    await relay.stop();
  });
});
