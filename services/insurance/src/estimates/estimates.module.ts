import { Module } from '@nestjs/common';
import { VisitsModule } from '@clinic-flow/visits';
import { CoveragesModule } from '../coverages/coverages.module';
import { EligibilityModule } from '../eligibility/eligibility.module';
import { PayersModule } from '../payers/payers.module';
import { PriceListModule } from '../price-list/price-list.module';
import { EstimatesController } from './estimates.controller';
import { EstimatesService } from './estimates.service';

/** What the patient will owe for a visit: the check-in estimate from the 271's benefits and the site's price list. */
@Module({
  imports: [CoveragesModule, EligibilityModule, PayersModule, PriceListModule, VisitsModule],
  controllers: [EstimatesController],
  providers: [EstimatesService],
  exports: [EstimatesService],
})
export class EstimatesModule {}
