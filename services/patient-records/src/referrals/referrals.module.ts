import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { DocumentsModule } from '../documents/documents.module';
import { PatientsModule } from '../patients/patients.module';
import { SitesModule } from '../sites/sites.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReferralChasePlanner } from './referral-chase.queue';
import { referralChaseWorker } from './referral-chase.worker';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { referralChaseSource, ReferralsService } from './referrals.service';

/** Referrals to specialists tracked to their end, chased (desk task, patient reminder) when a step does not come. */
@Module({
  imports: [PatientsModule, SitesModule, TasksModule, DocumentsModule],
  controllers: [ReferralsController],
  providers: [...jobQueueProviders([referralChaseWorker]), ...jobSourceProviders([referralChaseSource]), ReferralsRepository, ReferralsService, ReferralChasePlanner],
  exports: [ReferralsService],
})
export class ReferralsModule {}
