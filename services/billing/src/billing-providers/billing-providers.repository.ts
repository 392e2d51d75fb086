import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { BillingProviderRecord, BillingProviderSchema, RenderingProviderRecord, RenderingProviderSchema } from './billing-providers.schema';

/**
 * The only code that touches billing_providers and rendering_providers. Both are network-wide
 * stores (a network default, providers who work at several sites); the service checks who may
 * change what (a site's own billing provider: its people; the network's and providers': people
 * of every site).
 */
@Injectable()
export class BillingIdentitiesRepository {
  private readonly billing: AggregateStore<BillingProviderRecord>;
  private readonly rendering: AggregateStore<RenderingProviderRecord>;
  private readonly scope = SiteScope.service('billing identities (network-wide reference data; access checked by the service)');

  constructor(stores: AggregateStores) {
    this.billing = stores.create<BillingProviderRecord>({ name: 'BillingProvider', collection: 'billing_providers', schema: BillingProviderSchema, site: 'network-wide' });
    this.rendering = stores.create<RenderingProviderRecord>({ name: 'RenderingProvider', collection: 'rendering_providers', schema: RenderingProviderSchema, site: 'network-wide' });
  }

  billingProvider(id: string): Promise<BillingProviderRecord | null> {
    return this.billing.findById(this.scope, id);
  }

  allBillingProviders(): Promise<BillingProviderRecord[]> {
    return this.billing.findAll(this.scope);
  }

  upsertBillingProvider<R>(id: string, decide: (current: BillingProviderRecord | null) => Decision<BillingProviderRecord, R>) {
    return this.billing.upsert(this.scope, id, decide);
  }

  renderingProvider(id: string): Promise<RenderingProviderRecord | null> {
    return this.rendering.findById(this.scope, id);
  }

  allRenderingProviders(): Promise<RenderingProviderRecord[]> {
    return this.rendering.findAll(this.scope);
  }

  upsertRenderingProvider<R>(id: string, decide: (current: RenderingProviderRecord | null) => Decision<RenderingProviderRecord, R>) {
    return this.rendering.upsert(this.scope, id, decide);
  }
}
