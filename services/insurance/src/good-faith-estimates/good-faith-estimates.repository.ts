import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { GoodFaithEstimateRecord, GoodFaithEstimateSchema } from './good-faith-estimates.schema';

/** The only code that touches good_faith_estimates and its per-patient look-up. */
@Injectable()
export class GoodFaithEstimatesRepository {
  private readonly store: AggregateStore<GoodFaithEstimateRecord, 'byPatient'>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<GoodFaithEstimateRecord, 'byPatient'>({
      name: 'GoodFaithEstimate',
      collection: 'good_faith_estimates',
      schema: GoodFaithEstimateSchema,
      // Access follows the patient's care relationship (asked of patient-records), like coverages.
      site: 'network-wide',
      lookups: { byPatient: { collection: 'patient_good_faith_estimates', field: 'estimateIds', keys: (g) => [g.patientId] } },
      sealed: ['patient', 'primaryService', 'items', 'diagnosisCodes'],
    });
  }

  insert(scope: SiteScope, estimate: Omit<GoodFaithEstimateRecord, 'version'>): Promise<GoodFaithEstimateRecord> {
    return this.store.insert(scope, estimate);
  }

  findById(scope: SiteScope, id: string): Promise<GoodFaithEstimateRecord | null> {
    return this.store.findById(scope, id);
  }

  /** A merge files an estimate under the surviving record (its content stays as issued). */
  update<R>(scope: SiteScope, id: string, decide: (current: GoodFaithEstimateRecord) => Decision<GoodFaithEstimateRecord, R>) {
    return this.store.update(scope, id, decide);
  }

  forPatient(scope: SiteScope, patientId: string): Promise<GoodFaithEstimateRecord[]> {
    return this.store.findBy(scope, 'byPatient', patientId);
  }
}
