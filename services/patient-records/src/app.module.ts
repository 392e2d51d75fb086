import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@clinic-flow/audit';
import { AuthModule } from '@clinic-flow/auth';
import { CodeSetsModule } from '@clinic-flow/code-sets';
import { DataKeysModule, JobsModule, MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from './config';
import { LettersModule } from './letters/letters.module';
import { MergesModule } from './merges/merges.module';
import { PatientsModule } from './patients/patients.module';
import { ClinicalModule } from './clinical/clinical.module';
import { CodeSetsApiModule } from './code-sets/code-sets.module';
import { DocumentsModule } from './documents/documents.module';
import { ConsentsModule } from './consents/consents.module';
import { TimelineModule } from './timeline/timeline.module';
import { ReferralsModule } from './referrals/referrals.module';
import { SitesModule } from './sites/sites.module';
import { TasksModule } from './tasks/tasks.module';
import { InsuranceTasksModule } from './insurance-tasks/insurance-tasks.module';
import { PatientAuditModule } from './audit/audit.module';
import { BreakGlassModule } from './break-glass/break-glass.module';
import { AnalyticsModule, analyticsTopics } from './analytics/analytics.module';

@Module({})
export class AppModule {
  static register(config: PatientRecordsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'patient-records', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'patient-records', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, inbox: { retentionDays: config.INBOX_RETENTION_DAYS, intervalMs: config.INBOX_PRUNE_INTERVAL_MS, batchSize: config.INBOX_PRUNE_BATCH }, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS, extraTopics: analyticsTopics(config) }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS }),
        // Encryption at rest: the data keys every store sealing patient data uses, and their rotation.
        DataKeysModule.forRoot({ service: 'patient-records', logLevel: config.LOG_LEVEL, ...config }),
        // Timers (referral chases): one Redis connection for the queues the features declare.
        JobsModule.forRoot({ redisUrl: config.REDIS_URL, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS, reconcileIntervalMs: config.JOBS_RECONCILE_INTERVAL_MS, reconcileFullIntervalMs: config.JOBS_RECONCILE_FULL_INTERVAL_MS }),
        PatientsModule,
        CodeSetsModule.forRoot({ icd10cmPath: config.ICD10CM_PATH }),
        CodeSetsApiModule,
        ClinicalModule,
        DocumentsModule,
        ConsentsModule,
        MergesModule,
        TimelineModule,
        // Correspondence and referrals (issue 9): the sites' letterheads, the desk's tasks, referrals.
        SitesModule,
        TasksModule,
        ReferralsModule,
        LettersModule,
        // Insurance (issue 11): a desk task for each eligibility change.
        InsuranceTasksModule,
        // Audit trail (issue 10): every read and write of patient data, hash-chained; a patient's accesses.
        AuditModule.forRoot(),
        PatientAuditModule,
        // Care relationship and break the glass (issue 10).
        BreakGlassModule,
        // Analytics streams (issue 13): de-identified appointments and messages per registered consumer.
        AnalyticsModule,
      ],
    };
  }
}
