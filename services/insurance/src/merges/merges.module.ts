import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { CoveragesModule } from '../coverages/coverages.module';
import { VisitsModule } from '../visits/visits.module';
import { MergesConsumer } from './merges.consumer';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to coverages, visits and authorizations. */
@Module({
  imports: [CoveragesModule, VisitsModule, AuthorizationsModule],
  controllers: [MergesConsumer],
  providers: [MergesService],
})
export class MergesModule {}
