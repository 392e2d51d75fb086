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
