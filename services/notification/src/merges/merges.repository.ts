import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores } from '@clinic-flow/messaging';
import { MergeMovesRecord, MergeMovesSchema } from './merges.schema';

const MERGES = SiteScope.service('patient merges: what notification moved');

/** The only code that touches the patient_merge_moves collection. */
@Injectable()
export class MergeMovesRepository {
  private readonly moves: AggregateStore<MergeMovesRecord>;

  constructor(stores: AggregateStores) {
    // A merge may span sites (the two records' appointments are wherever they were booked).
    this.moves = stores.create<MergeMovesRecord>({ name: 'MergeMoves', collection: 'patient_merge_moves', schema: MergeMovesSchema, site: 'network-wide' });
  }

  find(mergeId: string): Promise<MergeMovesRecord | null> {
    return this.moves.findById(MERGES, mergeId);
  }

  /** Remembers what a merge moves before moving it; the first list written is kept (a redelivery reuses it). */
  async remember(moves: Omit<MergeMovesRecord, 'version'>): Promise<MergeMovesRecord> {
    return (await this.moves.insertOnce(MERGES, moves)).doc;
  }

  async markUndone(mergeId: string, at: Date): Promise<void> {
    await this.moves.update(MERGES, mergeId, (current) => (current.undoneAt ? null : { set: { undoneAt: at } }));
  }
}
