import { Controller, Get, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { DayViewQuery } from '@clinic-flow/contracts';
import { DayViewService } from './day-view.service';

@Controller('schedule')
export class DayViewController {
  constructor(private readonly dayView: DayViewService) {}

  @Get('day')
  @Roles(...Policies.readDayView)
  day(@Query() query: DayViewQuery, @CurrentUser() user: AuthUser) {
    return this.dayView.day(query, user);
  }
}
