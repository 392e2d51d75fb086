import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DirectoryModule } from '../directory/directory.module';
import { InsuranceStatusModule } from '../insurance-status/insurance-status.module';
import { PatientsModule } from '../patients/patients.module';
import { DayViewController } from './day-view.controller';
import { DayViewService } from './day-view.service';

@Module({
  imports: [CalendarModule, CatalogModule, DirectoryModule, PatientsModule, InsuranceStatusModule],
  controllers: [DayViewController],
  providers: [DayViewService],
})
export class DayViewModule {}
