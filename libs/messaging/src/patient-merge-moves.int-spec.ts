import { randomUUID } from 'node:crypto';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { AggregateStores } from './aggregate-store';
import { DocumentLocks } from './document-locks';
import { OutboxRelay } from './outbox-relay';
import { PatientMergeMover, PatientMergeMoves } from './patient-merge-moves';
import { RelayTestKit } from './relay.test-support';

/** A service's items in memory: item id -> the patient it is under. */
class Items implements PatientMergeMover<{ ids: string[] }> {
  readonly owner = new Map<string, string>();
  readonly nothing = { ids: [] };
  listed = 0;

  async itemsToMove(merge: PatientMergedData) {
    this.listed += 1;
    return { ids: [...this.owner].filter(([, patient]) => patient === merge.mergedPatientId).map(([id]) => id) };
  }

  async move(items: { ids: string[] }, from: string, to: string) {
    for (const id of items.ids) if (this.owner.get(id) === from) this.owner.set(id, to);
  }

  of(patientId: string) {
    return [...this.owner].filter(([, p]) => p === patientId).map(([id]) => id).sort();
  }
}

describe('patient merge moves (real FerretDB)', () => {
  const kit = new RelayTestKit('it-patient-merge-moves');
  // One PatientMergeMoves per service (one collection); each test gives it items of its own.
  let items: Items;
  let moves: PatientMergeMoves<{ ids: string[] }>;

  beforeAll(async () => {
    await kit.start();
    const locks = new DocumentLocks();
    const stores = new AggregateStores(kit.connection, new OutboxRelay(kit.publisher, kit.logger, { sweepIntervalMs: 60_000, batchSize: 100 }, locks), locks);
    moves = new PatientMergeMoves(stores, { nothing: { ids: [] }, itemsToMove: (m) => items.itemsToMove(m), move: (i, from, to) => items.move(i, from, to) });
  });
  beforeEach(() => {
    items = new Items();
  });
  afterAll(() => kit.stop());

  const merge = () => {
    const mergeId = `m-${randomUUID()}`;
    const data: PatientMergedData = { mergeId, survivorId: `s-${mergeId}`, mergedPatientId: `d-${mergeId}`, mergedBy: 'u', mergedAt: new Date().toISOString(), undoableUntil: new Date(Date.now() + 60_000).toISOString() };
    const undo: PatientUnmergedData = { mergeId, survivorId: data.survivorId, mergedPatientId: data.mergedPatientId, unmergedBy: 'u', unmergedAt: new Date().toISOString() };
    return { data, undo };
  };

  it('moves what the merged record had, lists it once, and on the undo moves exactly that back', async () => {
    const { data, undo } = merge();
    items.owner.set('a', data.mergedPatientId).set('b', data.mergedPatientId).set('c', data.survivorId);

    expect(await moves.applyMerge(data)).toEqual({ ids: ['a', 'b'] });
    expect(await moves.applyMerge(data)).toEqual({ ids: ['a', 'b'] }); // a redelivery reuses the list
    expect(items.listed).toBe(1);
    expect(items.of(data.survivorId)).toEqual(['a', 'b', 'c']);

    items.owner.set('d', data.survivorId); // made for the survivor after the merge: stays with it
    await moves.applyUnmerge(undo);
    await moves.applyUnmerge(undo);
    expect(items.of(data.mergedPatientId)).toEqual(['a', 'b']);
    expect(items.of(data.survivorId)).toEqual(['c', 'd']);

    expect(await moves.applyMerge(data)).toBeNull(); // a late copy of the undone merge moves nothing
    expect(items.of(data.mergedPatientId)).toEqual(['a', 'b']);
  });

  it('remembers an undo that arrives before its merge, so the merge then moves nothing', async () => {
    const { data, undo } = merge();
    items.owner.set('x', data.mergedPatientId);
    await moves.applyUnmerge(undo);
    expect(await moves.applyMerge(data)).toBeNull();
    expect(items.of(data.mergedPatientId)).toEqual(['x']);
    expect(items.listed).toBe(0);
  });
});
