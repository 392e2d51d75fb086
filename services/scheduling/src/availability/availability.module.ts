import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DirectoryModule } from '../directory/directory.module';
import { AvailabilityController } from './availability.controller';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { BookingCheck } from './booking-check';
import { DemoSeed } from './demo-seed';
import { DirectoryChangesController } from './directory-changes.controller';
import { DirectoryChangesService } from './directory-changes.service';
import { ScheduleConflicts } from './schedule-conflicts';

@Module({
  imports: [CalendarModule, CatalogModule, DirectoryModule],
  controllers: [AvailabilityController, DirectoryChangesController],
  providers: [AvailabilityRepository, AvailabilityService, BookingCheck, ScheduleConflicts, DirectoryChangesService, DemoSeed],
  exports: [AvailabilityRepository, BookingCheck, DemoSeed],
})
export class AvailabilityModule {}
