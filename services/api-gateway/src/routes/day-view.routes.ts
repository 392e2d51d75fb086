import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { DayViewDto, DayViewQuery, ProblemDetailsDto } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { query } from './query';

@ApiTags('schedule')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('schedule')
export class DayViewRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('day')
  @Roles(...Policies.readDayView)
  @ApiOperation({ summary: "The day's appointments at a site per provider, with statuses, in the site's time zone (check-in/out: POST /appointments/{id}/check-in|check-out)" })
  @ApiOkResponse({ type: DayViewDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'SCHEDULE.UNKNOWN_SITE | UNKNOWN_PROVIDER | INVALID_DATE' })
  day(@Query() q: DayViewQuery): Promise<DayViewDto> {
    return this.upstream.call('scheduling', 'GET', `/schedule/day${query(q)}`);
  }
}
