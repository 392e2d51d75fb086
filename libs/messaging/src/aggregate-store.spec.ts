import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore } from './aggregate-store';
import { DocumentLocks } from './document-locks';
import { OutboxRelay } from './outbox-relay';
import type { EventPublisher } from './publisher';

interface Card {
  _id: string;
  version: number;
  siteId: string;
  count: number;
}

/**
 * Another instance of the service writes without this process's lock: only the version
 * compare-and-set notices. FerretDB cannot show this (its compare-and-set lets several writers
 * win), so a model that loses the first race stands in for MongoDB.
 */
function storeLosingRaces(stored: Card, lost: number) {
  let races = lost;
  const filters: unknown[] = [];
  const model = {
    collection: { collectionName: 'cards' },
    findById: () => ({ lean: async () => ({ ...stored }) }),
    findOneAndUpdate: (filter: { version: number }, update: { $set?: Partial<Card> }) => {
      filters.push(filter);
      return {
        lean: async () => {
          if (races > 0) {
            races -= 1;
            stored = { ...stored, count: stored.count + 100, version: stored.version + 1 };
            return null;
          }
          if (filter.version !== stored.version) return null;
          stored = { ...stored, ...update.$set, version: stored.version + 1 };
          return { ...stored };
        },
      };
    },
  };
  const connection = { model: () => model, models: {} } as unknown as Connection;
  const relay = new OutboxRelay({} as EventPublisher, pino({ level: 'silent' }));
  const store = new AggregateStore<Card>(connection, relay, new DocumentLocks(), {
    name: 'Card',
    collection: 'cards',
    schema: new Schema({ _id: String, siteId: String, count: Number }),
    site: (c) => c.siteId,
  });
  return { store, filters, current: () => stored };
}

describe('AggregateStore compare-and-set', () => {
  const scope = SiteScope.of({ id: 'u', siteIds: ['s1'] });

  it('decides again on what the other writer left, and writes against the version it read', async () => {
    const { store, filters, current } = storeLosingRaces({ _id: 'c1', version: 1, siteId: 's1', count: 0 }, 1);
    const seen: number[] = [];
    const outcome = await store.update(scope, 'c1', (card) => {
      seen.push(card.count);
      return { set: { count: card.count + 1 } };
    });
    expect(seen).toEqual([0, 100]);
    expect(filters).toEqual([
      { _id: 'c1', version: 1 },
      { _id: 'c1', version: 2 },
    ]);
    expect(outcome!.doc.count).toBe(101);
    expect(current()).toMatchObject({ count: 101, version: 3 });
  });

  it('gives up with an error, writing nothing, when it keeps losing', async () => {
    const { store, current } = storeLosingRaces({ _id: 'c2', version: 1, siteId: 's1', count: 0 }, 50);
    await expect(store.update(scope, 'c2', (card) => ({ set: { count: card.count + 1 } }))).rejects.toThrow(/changed by another writer/);
    expect(current().count % 100).toBe(0);
  });
});
