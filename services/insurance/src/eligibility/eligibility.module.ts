import { Module } from '@nestjs/common';
import { jobQueueProviders } from '@clinic-flow/messaging';
import { VisitsModule } from '@clinic-flow/visits';
import { CoveragesModule } from '../coverages/coverages.module';
import { InterchangesModule } from '../interchanges/interchanges.module';
import { PatientsModule } from '../patients/patients.module';
import { PayersModule } from '../payers/payers.module';
import { BookingChecksListener } from './booking-checks.listener';
import { EligibilityController } from './eligibility.controller';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';
import { eligibilityBookingWorker, eligibilityRetryWorker } from './eligibility.workers';
import { VisitChecksService } from './visit-checks.service';

/**
 * Eligibility checks of coverages (X12 270/271 through the clearinghouse adapter), with history:
 * on demand, at booking (a visit listener and its job), and retried while the payer is down.
 */
@Module({
  imports: [CoveragesModule, PayersModule, InterchangesModule, VisitsModule, PatientsModule],
  controllers: [EligibilityController],
  providers: [...jobQueueProviders([eligibilityBookingWorker, eligibilityRetryWorker]), EligibilityRepository, EligibilityService, VisitChecksService, BookingChecksListener],
  // Estimates read a coverage's latest answered check.
  exports: [EligibilityService, EligibilityRepository],
})
export class EligibilityModule {}
