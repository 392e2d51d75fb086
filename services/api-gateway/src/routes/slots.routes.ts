import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { FirstAvailableQuery, ProblemDetailsDto, SlotDto, SlotsQuery, SlotsResponse } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { query } from './query';

@ApiTags('slots')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@ApiBadRequestResponse({ type: ProblemDetailsDto })
@ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.UNKNOWN_SITE|UNKNOWN_TYPE|UNKNOWN_PROVIDER|PROVIDER_NOT_AT_SITE, SLOTS.INVALID_RANGE' })
@Controller('slots')
export class SlotsRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @Roles(...Policies.searchSlots)
  @ApiOkResponse({ type: SlotsResponse, description: "Open slots, earliest first, times in the site's zone" })
  search(@Query() q: SlotsQuery): Promise<SlotsResponse> {
    return this.upstream.call('scheduling', 'GET', `/slots${query(q)}`);
  }

  @Get('first-available')
  @Roles(...Policies.searchSlots)
  @ApiOkResponse({ type: SlotDto, description: 'The earliest open slot across the providers of the site who may take the type' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'SLOTS.NONE_AVAILABLE within the type horizon' })
  firstAvailable(@Query() q: FirstAvailableQuery): Promise<SlotDto> {
    return this.upstream.call('scheduling', 'GET', `/slots/first-available${query(q)}`);
  }
}
