import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { FeeScheduleRecord, FeeScheduleSchema } from './fee-schedule.schema';

/** The only code that touches fee_schedules: one document per site, owned by that site. */
@Injectable()
export class FeeScheduleRepository {
  private readonly store: AggregateStore<FeeScheduleRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<FeeScheduleRecord>({ name: 'FeeSchedule', collection: 'fee_schedules', schema: FeeScheduleSchema, site: (doc) => doc.siteId });
  }

  /** The site's schedule (null: none yet); 403 for a site out of scope. */
  forSite(scope: SiteScope, siteId: string): Promise<FeeScheduleRecord | null> {
    return this.store.findById(scope, siteId);
  }

  upsert<R>(scope: SiteScope, siteId: string, decide: (current: FeeScheduleRecord | null) => Decision<FeeScheduleRecord, R>) {
    return this.store.upsert(scope, siteId, decide);
  }
}
