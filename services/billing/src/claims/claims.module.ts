import { Module } from '@nestjs/common';
import { DocumentLocks, jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { AccountsModule } from '../accounts/accounts.module';
import { BillingProvidersModule } from '../billing-providers/billing-providers.module';
import { EncountersModule } from '../encounters/encounters.module';
import { ScrubberModule } from '../scrubber/scrubber.module';
import { ClaimsController, DenialClosingController, DenialsController, RemittancesController } from './claims.controller';
import { ClaimJobsPlanner, clearinghousePollSource } from './claims.queue';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';
import { claimSubmitRetryWorker, clearinghousePollWorker } from './claims.workers';
import { CONTROL_NUMBER_LOCKS, ControlNumbersRepository } from '@clinic-flow/x12/store';
import { DenialsService } from './denials.service';
import { InsuranceClient } from './insurance-client';
import { RemittancesService } from './remittances.service';

/** The claim flow: claims from ready encounters (837P), 999/277CA, 835 posting, the denials queue and secondary claims. */
@Module({
  imports: [EncountersModule, BillingProvidersModule, ScrubberModule, AccountsModule],
  controllers: [ClaimsController, DenialsController, DenialClosingController, RemittancesController],
  providers: [
    ...jobQueueProviders([claimSubmitRetryWorker, clearinghousePollWorker]),
    ...jobSourceProviders([clearinghousePollSource]),
    ClaimsRepository, ClaimsService, RemittancesService, DenialsService, InsuranceClient, ControlNumbersRepository, { provide: CONTROL_NUMBER_LOCKS, useExisting: DocumentLocks }, ClaimJobsPlanner,
  ],
  exports: [ClaimsService, RemittancesService, ClaimsRepository],
})
export class ClaimsModule {}
