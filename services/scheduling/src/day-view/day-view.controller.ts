import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { DayViewDto, DayViewQuery, ProblemDetailsDto } from '@clinic-flow/contracts';
import { DayViewService } from './day-view.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('schedule')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('schedule')
export class DayViewController {
  constructor(private readonly dayView: DayViewService) {}

  @Get('day')
  @Roles(...Policies.readDayView)
  @ApiOperation({ summary: "The day's appointments at a site per provider, with statuses, in the site's time zone (check-in/out: POST /appointments/{id}/check-in|check-out)" })
  @ApiOkResponse({ type: DayViewDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'SCHEDULE.UNKNOWN_SITE | UNKNOWN_PROVIDER | INVALID_DATE' })
  day(@Query() query: DayViewQuery, @CurrentUser() user: AuthUser) {
    return this.dayView.day(query, user);
  }
}
