import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { FirstAvailableQuery, ProblemDetailsDto, SlotDto, SlotsQuery, SlotsResponse } from '@clinic-flow/contracts';
import { SlotsService } from './slots.service';

@ApiTags('slots')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@ApiBadRequestResponse({ type: ProblemDetailsDto })
@ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.UNKNOWN_SITE|UNKNOWN_TYPE|UNKNOWN_PROVIDER|PROVIDER_NOT_AT_SITE, SLOTS.INVALID_RANGE' })
@Controller('slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Get()
  @Roles(...Policies.searchSlots)
  @ApiOkResponse({ type: SlotsResponse, description: "Open slots, earliest first, times in the site's zone" })
  search(@Query() query: SlotsQuery, @CurrentUser() user: AuthUser) {
    return this.slots.search(query, user);
  }

  @Get('first-available')
  @Roles(...Policies.searchSlots)
  @ApiOkResponse({ type: SlotDto, description: 'The earliest open slot across the providers of the site who may take the type' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'SLOTS.NONE_AVAILABLE within the type horizon' })
  firstAvailable(@Query() query: FirstAvailableQuery, @CurrentUser() user: AuthUser) {
    return this.slots.firstAvailable(query, user);
  }
}
