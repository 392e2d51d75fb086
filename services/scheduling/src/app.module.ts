import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { lifecycleControllers, lifecycleProviders } from './appointments/appointments.wiring';
import { AvailabilityController } from './availability/availability.controller';
import { AvailabilityRepository } from './availability/availability.repository';
import { AvailabilityService } from './availability/availability.service';
import { BookingCheck } from './availability/booking-check';
import { ScheduleConflicts } from './availability/schedule-conflicts';
import { CalendarRepository } from './calendar/calendar.repository';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogRepository } from './catalog/catalog.repository';
import { CatalogService } from './catalog/catalog.service';
import type { SchedulingConfig } from './config';
import { DirectoryController } from './directory/directory.controller';
import { DirectoryRepository } from './directory/directory.repository';
import { DirectoryService } from './directory/directory.service';
import { DemoSeed } from './directory/demo-seed';
import { PatientCheck } from './patients/patient-check';
import { SlotsController } from './slots/slots.controller';
import { SlotsService } from './slots/slots.service';

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
      controllers: [DirectoryController, CatalogController, AvailabilityController, SlotsController, ...lifecycleControllers],
      providers: [DirectoryRepository, DirectoryService, CatalogRepository, AvailabilityRepository, CalendarRepository, BookingCheck, ScheduleConflicts, CatalogService, AvailabilityService, SlotsService, DemoSeed, PatientCheck, ...lifecycleProviders(config)],
    };
  }
}
