import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@clinic-flow/audit';
import { AuthModule } from '@clinic-flow/auth';
import { DataKeysModule, JobsModule, MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { VisitsModule } from '@clinic-flow/visits';
import type { InsuranceConfig } from './config';
import { InterchangesModule } from './interchanges/interchanges.module';
import { CoveragesModule } from './coverages/coverages.module';
import { EligibilityModule } from './eligibility/eligibility.module';
import { EligibilityBatchesModule } from './eligibility-batches/eligibility-batches.module';
import { MergesModule } from './merges/merges.module';
import { PayersModule } from './payers/payers.module';
import { AuthorizationsModule } from './authorizations/authorizations.module';
import { EstimatesModule } from './estimates/estimates.module';
import { GoodFaithEstimatesModule } from './good-faith-estimates/good-faith-estimates.module';
import { PriceListModule } from './price-list/price-list.module';

/** The insurance service: payers and plans, patients' coverages, eligibility, visits. */
@Module({})
export class AppModule {
  static register(config: InsuranceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'insurance', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'insurance', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, inbox: { retentionDays: config.INBOX_RETENTION_DAYS, intervalMs: config.INBOX_PRUNE_INTERVAL_MS, batchSize: config.INBOX_PRUNE_BATCH } }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS }),
        JobsModule.forRoot({ redisUrl: config.REDIS_URL, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS, reconcileIntervalMs: config.JOBS_RECONCILE_INTERVAL_MS, reconcileFullIntervalMs: config.JOBS_RECONCILE_FULL_INTERVAL_MS }),
        PayersModule,
        InterchangesModule,
        // Coverages (issue 11): patient data, sealed at rest and on the audit trail.
        DataKeysModule.forRoot({ service: 'insurance', logLevel: config.LOG_LEVEL, ...config }),
        AuditModule.forRoot(),
        CoveragesModule,
        MergesModule,
        EligibilityModule,
        // Scheduling's appointments as visits: eligibility and authorizations listen to them.
        VisitsModule,
        // Eligibility's nightly batches (issue 11, helper G).
        EligibilityBatchesModule,
        // Prior authorizations (278), units used by visits, visits' authorization assessments.
        AuthorizationsModule,
        // What the patient will owe: price lists, check-in estimates, Good Faith Estimates.
        PriceListModule,
        EstimatesModule,
        GoodFaithEstimatesModule,
      ],
    };
  }
}
