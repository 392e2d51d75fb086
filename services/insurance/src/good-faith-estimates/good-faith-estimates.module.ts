import { Module } from '@nestjs/common';
import { SitesModule } from '@clinic-flow/visits';
import { CoveragesModule } from '../coverages/coverages.module';
import { EstimatesModule } from '../estimates/estimates.module';
import { PriceListModule } from '../price-list/price-list.module';
import { GoodFaithEstimatesController } from './good-faith-estimates.controller';
import { GoodFaithEstimatesRepository } from './good-faith-estimates.repository';
import { GoodFaithEstimatesService } from './good-faith-estimates.service';

/** Good Faith Estimates for uninsured and self-pay patients (No Surprises Act), recorded and printable. */
@Module({
  imports: [CoveragesModule, EstimatesModule, PriceListModule, SitesModule],
  controllers: [GoodFaithEstimatesController],
  providers: [GoodFaithEstimatesRepository, GoodFaithEstimatesService],
  exports: [GoodFaithEstimatesRepository],
})
export class GoodFaithEstimatesModule {}
