import { Module } from '@nestjs/common';
import { CalendarRepository } from './calendar.repository';

/** The busy-time projection: written by the appointment lifecycle, read by every search. */
@Module({
  providers: [CalendarRepository],
  exports: [CalendarRepository],
})
export class CalendarModule {}
