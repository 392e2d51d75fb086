import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores } from '@clinic-flow/messaging';
import { PatientMergeRecord, PatientMergeSchema } from './merges.schema';

/** The only code that touches the patient_merges collection (the merge history) and its per-patient look-up. */
@Injectable()
export class MergesRepository {
  private readonly merges: AggregateStore<PatientMergeRecord, 'byPatient'>;

  constructor(stores: AggregateStores) {
    this.merges = stores.create<PatientMergeRecord, 'byPatient'>({
      name: 'PatientMerge',
      collection: 'patient_merges',
      schema: PatientMergeSchema,
      site: (m) => m.siteId,
      lookups: { byPatient: { collection: 'patient_merges_by_patient', field: 'mergeIds', keys: (m) => [m.survivorId, m.mergedPatientId] } },
      // The field values offered from the merged record (names, contacts) and the reasons.
      sealed: ['offered', 'reason', 'unmerge'],
    });
  }

  /** Writes a merge into the history unless it is there already (the request and the recovery both try). */
  async recordMerge(scope: SiteScope, merge: Omit<PatientMergeRecord, 'version'>): Promise<PatientMergeRecord> {
    return (await this.merges.insertOnce(scope, merge)).doc;
  }

  /** Completes a merge's history with its unmerge, once. */
  async recordUnmerge(scope: SiteScope, mergeId: string, unmerge: NonNullable<PatientMergeRecord['unmerge']>): Promise<PatientMergeRecord | null> {
    const outcome = await this.merges.update(scope, mergeId, (current) => (current.unmerge ? null : { set: { unmerge } }));
    return outcome?.doc ?? null;
  }

  findById(scope: SiteScope, id: string): Promise<PatientMergeRecord | null> {
    return this.merges.findById(scope, id);
  }

  /** Merges a patient took part in (as survivor or merged record), newest first. */
  async findForPatient(scope: SiteScope, patientId: string): Promise<PatientMergeRecord[]> {
    return (await this.merges.findBy(scope, 'byPatient', patientId)).sort((a, b) => b.mergedAt.getTime() - a.mergedAt.getTime());
  }
}
