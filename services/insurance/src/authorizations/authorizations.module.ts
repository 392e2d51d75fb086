import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { SitesModule, VisitsModule } from '@clinic-flow/visits';
import { CoveragesModule } from '../coverages/coverages.module';
import { InterchangesModule } from '../interchanges/interchanges.module';
import { PayersModule } from '../payers/payers.module';
import { AuthorizationExpiryPlanner, authorizationExpirySource } from './authorization-expiry.queue';
import { authorizationExpiryWorker } from './authorization-expiry.worker';
import { AuthorizationsController } from './authorizations.controller';
import { AuthorizationsRepository } from './authorizations.repository';
import { AuthorizationsService } from './authorizations.service';
import { VisitAssessmentsService } from './visit-assessments.service';

/** Prior authorizations (X12 278), the units visits use, and what each booked visit needs from its primary payer. */
@Module({
  imports: [CoveragesModule, PayersModule, InterchangesModule, SitesModule, VisitsModule],
  controllers: [AuthorizationsController],
  providers: [...jobQueueProviders([authorizationExpiryWorker]), ...jobSourceProviders([authorizationExpirySource]), AuthorizationsRepository, AuthorizationsService, VisitAssessmentsService, AuthorizationExpiryPlanner],
  exports: [AuthorizationsRepository],
})
export class AuthorizationsModule {}
