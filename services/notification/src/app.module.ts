import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@clinic-flow/audit';
import { AuthModule } from '@clinic-flow/auth';
import { DataKeysModule, JobsModule, MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { SitesModule } from '@clinic-flow/visits';
import { ChannelsModule } from './channels/channels.module';
import type { NotificationConfig } from './config';
import { ContactsModule } from './contacts/contacts.module';
import { MergesModule } from './merges/merges.module';
import { CorrespondenceModule } from './correspondence/correspondence.module';
import { StatementsModule } from './statements/statements.module';
import { MessagesModule } from './messages/messages.module';
import { PoliciesModule } from './policies/policies.module';
import { ResponsesModule } from './responses/responses.module';
import { BreakGlassNoticesModule } from './break-glass/break-glass.module';
import { StaffModule } from './staff/staff.module';

@Module({})
export class AppModule {
  static register(config: NotificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'notification', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'notification', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, inbox: { retentionDays: config.INBOX_RETENTION_DAYS, intervalMs: config.INBOX_PRUNE_INTERVAL_MS, batchSize: config.INBOX_PRUNE_BATCH }, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS }),
        // Encryption at rest: the data keys the stores sealing patient data use, and their rotation.
        DataKeysModule.forRoot({ service: 'notification', logLevel: config.LOG_LEVEL, ...config }),
        // Message delivery and the channels' send markers: one Redis connection for both.
        JobsModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS, reconcileIntervalMs: config.JOBS_RECONCILE_INTERVAL_MS, reconcileFullIntervalMs: config.JOBS_RECONCILE_FULL_INTERVAL_MS }),
        SitesModule,
        ContactsModule,
        PoliciesModule,
        ChannelsModule,
        MessagesModule,
        ResponsesModule,
        MergesModule,
        // Audit trail (issue 10): reads of patients' messages.
        AuditModule.forRoot(),
        // Letters' links and referral reminders from patient-records (issue 9).
        CorrespondenceModule,
        // Billing's statements (issue 12): "your statement is ready" to the patient.
        StatementsModule,
        // Who works where (the gateway's account events), and break-the-glass notices to office managers (issue 10).
        StaffModule,
        BreakGlassNoticesModule,
      ],
    };
  }
}
