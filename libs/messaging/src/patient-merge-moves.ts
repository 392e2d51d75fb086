import { Schema } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { AggregateStore, AggregateStores } from './aggregate-store';

/**
 * What one service moved for one patient merge (`_id` = merge id): exactly these items go back on
 * its undo, so something made for the survivor after the merge stays with the survivor.
 */
export interface MergeMovesRecord<I> {
  _id: string;
  version: number;
  survivorId: string;
  mergedPatientId: string;
  /** The service's own list of what it moved (ids, grouped as it needs). */
  items: I;
  movedAt: Date;
  /** Set when the merge was undone and the items moved back: a redelivered merge moves nothing again. */
  undoneAt?: Date;
}

const MergeMovesSchema = new Schema<MergeMovesRecord<unknown>>(
  {
    _id: String,
    survivorId: { type: String, required: true },
    mergedPatientId: { type: String, required: true },
    items: { type: Schema.Types.Mixed, required: true },
    movedAt: { type: Date, required: true },
    undoneAt: Date,
  },
  { versionKey: false, minimize: false },
);

/** A service's part in a patient merge: what of the merged record it keeps, and how one item set moves. */
export interface PatientMergeMover<I> {
  /** Listed once, before anything moves, and remembered under the merge id. */
  itemsToMove(merge: PatientMergedData): Promise<I>;
  /** Moves the items from one patient id to the other; each item moves only while it is still under `from`. */
  move(items: I, from: string, to: string): Promise<void>;
  /** The list when nothing was moved (an undo that arrives before its merge was applied). */
  readonly nothing: I;
}

/** Merges span sites: the two records' items are wherever they were made. */
const MERGES = SiteScope.service('applying a patient merge from patient-records');

/**
 * The one way a service applies `patient.merged` / `patient.unmerged` (see the contract): remember
 * under the merge id exactly which items it moves, then move them; on the undo move exactly those
 * back. Every step is idempotent (the list is written once and reused; an item moves only while
 * it is under the id it moves from), so a redelivered event or a crash halfway is finished by the
 * next delivery, and a late copy of an undone merge moves nothing. Kept in the service's
 * `patient_merge_moves` collection.
 */
export class PatientMergeMoves<I> {
  private readonly store: AggregateStore<MergeMovesRecord<I>>;

  constructor(
    stores: AggregateStores,
    private readonly mover: PatientMergeMover<I>,
  ) {
    this.store = stores.create<MergeMovesRecord<I>>({ name: 'PatientMergeMoves', collection: 'patient_merge_moves', schema: MergeMovesSchema as Schema<MergeMovesRecord<I>>, site: 'network-wide' });
  }

  /** Applies a merge; answers what was moved (null when the merge was undone before it got here). */
  async applyMerge(merge: PatientMergedData): Promise<I | null> {
    const remembered =
      (await this.store.findById(MERGES, merge.mergeId)) ??
      (await this.store.insertOnce(MERGES, { _id: merge.mergeId, survivorId: merge.survivorId, mergedPatientId: merge.mergedPatientId, items: await this.mover.itemsToMove(merge), movedAt: new Date() })).doc;
    if (remembered.undoneAt) return null;
    await this.mover.move(remembered.items, merge.mergedPatientId, merge.survivorId);
    return remembered.items;
  }

  /** Applies an unmerge: exactly what the merge moved goes back, once. */
  async applyUnmerge(unmerge: PatientUnmergedData): Promise<void> {
    const remembered = await this.store.findById(MERGES, unmerge.mergeId);
    if (!remembered) {
      // Its merge never applied here: remember it undone, so a late copy of the merge moves nothing.
      await this.store.insertOnce(MERGES, { _id: unmerge.mergeId, survivorId: unmerge.survivorId, mergedPatientId: unmerge.mergedPatientId, items: this.mover.nothing, movedAt: new Date(), undoneAt: new Date() });
      return;
    }
    if (remembered.undoneAt) return;
    await this.mover.move(remembered.items, unmerge.survivorId, unmerge.mergedPatientId);
    const undoneAt = new Date(unmerge.unmergedAt);
    await this.store.update(MERGES, unmerge.mergeId, (current) => (current.undoneAt ? null : { set: { undoneAt } as Partial<MergeMovesRecord<I>> }));
  }
}
