import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { PriceListRecord, PriceListSchema } from './price-list.schema';

/** The only code that touches price_lists: one document per site, owned by that site. */
@Injectable()
export class PriceListRepository {
  private readonly store: AggregateStore<PriceListRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<PriceListRecord>({ name: 'PriceList', collection: 'price_lists', schema: PriceListSchema, site: (doc) => doc.siteId });
  }

  /** The site's price list (null: none yet); 403 for a site out of scope. */
  forSite(scope: SiteScope, siteId: string): Promise<PriceListRecord | null> {
    return this.store.findById(scope, siteId);
  }

  upsert<R>(scope: SiteScope, siteId: string, decide: (current: PriceListRecord | null) => Decision<PriceListRecord, R>) {
    return this.store.upsert(scope, siteId, decide);
  }
}
