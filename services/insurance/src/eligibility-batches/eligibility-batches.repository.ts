import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { EligibilityBatchRecord, EligibilityBatchSchema } from './eligibility-batches.schema';

/** The only code that touches eligibility_batches (site-owned: a batch is one site's). */
@Injectable()
export class EligibilityBatchesRepository {
  private readonly store: AggregateStore<EligibilityBatchRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<EligibilityBatchRecord>({ name: 'EligibilityBatch', collection: 'eligibility_batches', schema: EligibilityBatchSchema, site: (b) => b.siteId });
  }

  /** The batch of that id (site, date, run) if there is one, else this one: created says which. */
  insertOnce(scope: SiteScope, batch: Omit<EligibilityBatchRecord, 'version'>): Promise<{ doc: EligibilityBatchRecord; created: boolean }> {
    return this.store.insertOnce(scope, batch);
  }

  /** Batches not done yet (planned or submitted), for the job reconciler: a scan (FerretDB has no secondary indexes). */
  listUnfinished(): Promise<Array<Pick<EligibilityBatchRecord, '_id' | 'siteId' | 'status'>>> {
    return this.store.scan(SiteScope.service('job reconciliation'), { status: { $in: ['planned', 'submitted'] } }, ['siteId', 'status']);
  }

  findById(scope: SiteScope, id: string): Promise<EligibilityBatchRecord | null> {
    return this.store.findById(scope, id);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: EligibilityBatchRecord) => Decision<EligibilityBatchRecord, R>) {
    return this.store.update(scope, id, decide);
  }
}
