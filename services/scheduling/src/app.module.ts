import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@clinic-flow/audit';
import { AuthModule } from '@clinic-flow/auth';
import { DataKeysModule, JobsModule, MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { AppointmentsModule } from './appointments/appointments.module';
import { AvailabilityModule } from './availability/availability.module';
import { CalendarModule } from './calendar/calendar.module';
import { CatalogModule } from './catalog/catalog.module';
import type { SchedulingConfig } from './config';
import { DayViewModule } from './day-view/day-view.module';
import { DirectoryModule } from './directory/directory.module';
import { PatientsModule } from './patients/patients.module';
import { MergesModule } from './merges/merges.module';
import { SlotsModule } from './slots/slots.module';
import { WaitlistModule } from './waitlist/waitlist.module';

@Module({})
export class AppModule {
  static register(config: SchedulingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'scheduling', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'scheduling', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, inbox: { retentionDays: config.INBOX_RETENTION_DAYS, intervalMs: config.INBOX_PRUNE_INTERVAL_MS, batchSize: config.INBOX_PRUNE_BATCH }, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS }),
        // Encryption at rest: the data keys the stores sealing patient data use, and their rotation.
        DataKeysModule.forRoot({ service: 'scheduling', logLevel: config.LOG_LEVEL, ...config }),
        // Timers (the automatic no-show, the expiry of waitlist offers): one Redis connection for the queues the features declare.
        JobsModule.forRoot({ redisUrl: config.REDIS_URL, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS, reconcileIntervalMs: config.JOBS_RECONCILE_INTERVAL_MS, reconcileFullIntervalMs: config.JOBS_RECONCILE_FULL_INTERVAL_MS }),
        CalendarModule,
        CatalogModule,
        DirectoryModule,
        AvailabilityModule,
        SlotsModule,
        PatientsModule,
        DayViewModule,
        AppointmentsModule,
        WaitlistModule,
        MergesModule,
        // Audit trail (issue 10): reads and writes of patients' appointments, day views, waitlist.
        AuditModule.forRoot(),
      ],
    };
  }
}
