import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_BILLING_PROVIDERS, DEMO_RENDERING_PROVIDERS } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';
import { BillingProvidersService } from './billing-providers.service';

/** The demo's billing and rendering providers when SEED_DEMO_DATA=true (valid check-digit NPIs); ones already set are kept. */
@Injectable()
export class DemoBillingProvidersSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoBillingProvidersSeed.name);

  constructor(
    private readonly providers: BillingProvidersService,
    @Inject(APP_CONFIG) private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    const by = 'service:demo-seed';
    for (const { scope, ...provider } of DEMO_BILLING_PROVIDERS) {
      await this.seedBilling(scope, provider, by);
    }
    for (const { providerId, ...provider } of DEMO_RENDERING_PROVIDERS) {
      if (!(await this.providers.renderingProviderOf(providerId))) await this.providers.writeRendering(providerId, provider, by);
    }
    this.logger.log(`demo billing identities: ${DEMO_BILLING_PROVIDERS.length} billing providers, ${DEMO_RENDERING_PROVIDERS.length} rendering providers in place`);
  }

  private async seedBilling(scope: string, provider: Omit<(typeof DEMO_BILLING_PROVIDERS)[number], 'scope'>, by: string): Promise<void> {
    const own = await this.providers.billingProviderOf(scope);
    if (own?.scope === scope) return;
    await this.providers.write(scope, provider, by);
  }
}
