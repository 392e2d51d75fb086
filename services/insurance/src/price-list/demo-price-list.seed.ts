import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { DEMO_PRICE_LIST } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { InsuranceConfig } from '../config';
import { PriceListService } from './price-list.service';

/** Prices the demo sites' appointment types when SEED_DEMO_DATA=true; a price already set (by hand) is kept. */
@Injectable()
export class DemoPriceListSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoPriceListSeed.name);

  constructor(
    private readonly prices: PriceListService,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    const scope = SiteScope.service('demo-seed');
    let count = 0;
    for (const [siteId, items] of Object.entries(DEMO_PRICE_LIST)) {
      for (const { appointmentTypeId, ...price } of items) {
        await this.prices.write(scope, siteId, appointmentTypeId, price, scope.actor, true);
        count += 1;
      }
    }
    this.logger.log(`demo price list: ${count} prices of ${Object.keys(DEMO_PRICE_LIST).length} sites in place`);
  }
}
