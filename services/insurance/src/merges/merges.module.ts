import { Module } from '@nestjs/common';
import { CoveragesModule } from '../coverages/coverages.module';
import { VisitsModule } from '../visits/visits.module';
import { MergesConsumer } from './merges.consumer';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to coverages and visits. */
@Module({
  imports: [CoveragesModule, VisitsModule],
  controllers: [MergesConsumer],
  providers: [MergesService],
})
export class MergesModule {}
