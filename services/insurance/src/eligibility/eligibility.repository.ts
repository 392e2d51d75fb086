import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, OutboxEntry } from '@clinic-flow/messaging';
import { EligibilityCheckRecord, EligibilityCheckSchema } from './eligibility.schema';

/** The only code that touches eligibility_checks and its per-coverage look-up. */
@Injectable()
export class EligibilityRepository {
  private readonly store: AggregateStore<EligibilityCheckRecord, 'byCoverage'>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<EligibilityCheckRecord, 'byCoverage'>({
      name: 'EligibilityCheck',
      collection: 'eligibility_checks',
      schema: EligibilityCheckSchema,
      // Access follows the coverage's patient (care relationship, asked of patient-records).
      site: 'network-wide',
      lookups: { byCoverage: { collection: 'coverage_eligibility_checks', field: 'checkIds', keys: (c) => [c.coverageId] } },
      // What the payer said of the patient's benefits, and its words.
      sealed: ['benefits', 'detail'],
    });
  }

  insert(scope: SiteScope, check: Omit<EligibilityCheckRecord, 'version'>, events: OutboxEntry[]): Promise<EligibilityCheckRecord> {
    return this.store.insert(scope, check, events);
  }

  /** Records a check unless one of its id is there (a job run again): returns the recorded one either way. */
  insertOnce(scope: SiteScope, check: Omit<EligibilityCheckRecord, 'version'>, events: OutboxEntry[]): Promise<{ doc: EligibilityCheckRecord; created: boolean }> {
    return this.store.insertOnce(scope, check, events);
  }

  findById(scope: SiteScope, id: string): Promise<EligibilityCheckRecord | null> {
    return this.store.findById(scope, id);
  }

  forCoverage(scope: SiteScope, coverageId: string): Promise<EligibilityCheckRecord[]> {
    return this.store.findBy(scope, 'byCoverage', coverageId);
  }
}
