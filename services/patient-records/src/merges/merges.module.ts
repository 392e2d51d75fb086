import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { MergesConsumer } from './merges.consumer';
import { MergesController } from './merges.controller';
import { MergesRepository } from './merges.repository';
import { MergesService } from './merges.service';

/** Merging two records of one person into a survivor, undoing it within the window, and the merge history. */
@Module({
  imports: [PatientsModule],
  controllers: [MergesController, MergesConsumer],
  providers: [MergesRepository, MergesService],
})
export class MergesModule {}
