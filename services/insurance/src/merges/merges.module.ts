import { Module } from '@nestjs/common';
import { CoveragesModule } from '../coverages/coverages.module';
import { MergesConsumer } from './merges.consumer';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to coverages. */
@Module({
  imports: [CoveragesModule],
  controllers: [MergesConsumer],
  providers: [MergesService],
})
export class MergesModule {}
