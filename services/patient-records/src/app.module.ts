import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from './config';
import { MergesModule } from './merges/merges.module';
import { PatientsModule } from './patients/patients.module';
import { TimelineModule } from './timeline/timeline.module';

@Module({})
export class AppModule {
  static register(config: PatientRecordsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'patient-records', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'patient-records', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS }),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
        PatientsModule,
        MergesModule,
        TimelineModule,
      ],
    };
  }
}
