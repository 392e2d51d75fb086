import { Module } from '@nestjs/common';
import { VisitsModule } from '@clinic-flow/visits';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { CoveragesModule } from '../coverages/coverages.module';
import { GoodFaithEstimatesModule } from '../good-faith-estimates/good-faith-estimates.module';
import { MergesConsumer } from './merges.consumer';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to coverages, visits, authorizations and Good Faith Estimates. */
@Module({
  imports: [CoveragesModule, VisitsModule, AuthorizationsModule, GoodFaithEstimatesModule],
  controllers: [MergesConsumer],
  providers: [MergesService],
})
export class MergesModule {}
