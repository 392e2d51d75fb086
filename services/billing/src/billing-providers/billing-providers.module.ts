import { Module } from '@nestjs/common';
import { SitesModule } from '@clinic-flow/visits';
import { BillingProvidersController, RenderingProvidersController } from './billing-providers.controller';
import { BillingIdentitiesRepository } from './billing-providers.repository';
import { BillingProvidersService } from './billing-providers.service';
import { DemoBillingProvidersSeed } from './demo-billing-providers.seed';

/** Billing identities an 837P names: billing providers (per site or network) and rendering providers' NPIs. */
@Module({
  imports: [SitesModule],
  controllers: [BillingProvidersController, RenderingProvidersController],
  providers: [BillingIdentitiesRepository, BillingProvidersService, DemoBillingProvidersSeed],
  exports: [BillingProvidersService],
})
export class BillingProvidersModule {}
