import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { AppointmentsController } from './appointments/appointments.controller';
import { AppointmentsRepository } from './appointments/appointments.repository';
import { AppointmentsService } from './appointments/appointments.service';
import type { SchedulingConfig } from './config';
import { DirectoryController } from './directory/directory.controller';
import { DirectoryRepository } from './directory/directory.repository';
import { DirectoryService } from './directory/directory.service';

@Module({})
export class AppModule {
  static register(config: SchedulingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'scheduling', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'scheduling', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS }),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
      ],
      controllers: [DirectoryController, AppointmentsController],
      providers: [DirectoryRepository, DirectoryService, AppointmentsRepository, AppointmentsService],
    };
  }
}
