import { Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { jobQueueProviders, JobQueue, jobSourceProviders } from '@clinic-flow/messaging';
import { APP_CONFIG } from '@clinic-flow/platform';
import { SitesModule, VisitsModule } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { CoveragesModule } from '../coverages/coverages.module';
import { EligibilityModule } from '../eligibility/eligibility.module';
import { PatientsModule } from '../patients/patients.module';
import { PayersModule } from '../payers/payers.module';
import { EligibilityBatchesController } from './eligibility-batches.controller';
import { eligibilityBatchSource, EligibilityNightlyQueue, EligibilityNightlyTick } from './eligibility-batches.queue';
import { EligibilityBatchesRepository } from './eligibility-batches.repository';
import { EligibilityBatchesService } from './eligibility-batches.service';
import { eligibilityBatchWorker, eligibilityNightlyWorker } from './eligibility-batches.workers';

/**
 * The nightly clock: one BullMQ job scheduler (shared by every instance, so one tick at a time)
 * ticks every ELIGIBILITY_BATCH_TICK_MS; each tick plans the batches of the sites whose local
 * ELIGIBILITY_BATCH_AT has come. One clock for every zone and every site, new ones included,
 * and a tick after a restart still plans a night's batch that was missed.
 */
@Injectable()
class NightlyClock implements OnApplicationBootstrap {
  constructor(
    @Inject(EligibilityNightlyQueue.token) private readonly queue: JobQueue<EligibilityNightlyTick>,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.queue.upsertJobScheduler('eligibility-nightly', { every: this.config.ELIGIBILITY_BATCH_TICK_MS }, { name: 'tick', data: { correlationId: 'eligibility-nightly' } });
  }
}

/** Eligibility batches: a site's visits of a date checked in one X12 interchange, nightly and on request. */
@Module({
  imports: [EligibilityModule, CoveragesModule, PayersModule, PatientsModule, SitesModule, VisitsModule],
  controllers: [EligibilityBatchesController],
  providers: [...jobQueueProviders([eligibilityBatchWorker, eligibilityNightlyWorker]), ...jobSourceProviders([eligibilityBatchSource]), EligibilityBatchesRepository, EligibilityBatchesService, NightlyClock],
})
export class EligibilityBatchesModule {}
