import { Module } from '@nestjs/common';
import { CoveragesModule } from '../coverages/coverages.module';
import { InterchangesModule } from '../interchanges/interchanges.module';
import { PayersModule } from '../payers/payers.module';
import { EligibilityController } from './eligibility.controller';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';

/** Eligibility checks of coverages (X12 270/271 through the clearinghouse adapter), on demand, with history. */
@Module({
  imports: [CoveragesModule, PayersModule, InterchangesModule],
  controllers: [EligibilityController],
  providers: [EligibilityRepository, EligibilityService],
  // Estimates read a coverage's latest answered check.
  exports: [EligibilityRepository],
})
export class EligibilityModule {}
