import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { CalendarModule } from '../calendar/calendar.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DirectoryModule } from '../directory/directory.module';
import { SlotsController } from './slots.controller';
import { SlotsService } from './slots.service';

@Module({
  imports: [AvailabilityModule, CalendarModule, CatalogModule, DirectoryModule],
  controllers: [SlotsController],
  providers: [SlotsService],
})
export class SlotsModule {}
