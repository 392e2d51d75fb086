import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { CoverageRecord, CoverageSchema } from './coverages.schema';

/** The only code that touches the coverages collection and its per-patient look-up. */
@Injectable()
export class CoveragesRepository {
  private readonly store: AggregateStore<CoverageRecord, 'byPatient'>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<CoverageRecord, 'byPatient'>({
      name: 'Coverage',
      collection: 'coverages',
      schema: CoverageSchema,
      // Access follows the patient's care relationship (asked of patient-records), not a site of the document.
      site: 'network-wide',
      // "All coverages of a patient" is one read by _id, not a scan.
      lookups: { byPatient: { collection: 'patient_coverages', field: 'coverageIds', keys: (c) => [c.patientId] } },
      sealed: ['subscriber', 'memberId', 'groupNumber'],
    });
  }

  findById(scope: SiteScope, id: string): Promise<CoverageRecord | null> {
    return this.store.findById(scope, id);
  }

  forPatient(scope: SiteScope, patientId: string): Promise<CoverageRecord[]> {
    return this.store.findBy(scope, 'byPatient', patientId);
  }

  insert(scope: SiteScope, coverage: Omit<CoverageRecord, 'version'>, events: OutboxEntry[]): Promise<CoverageRecord> {
    return this.store.insert(scope, coverage, events);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: CoverageRecord) => Decision<CoverageRecord, R>) {
    return this.store.update(scope, id, decide);
  }
}
