import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import {
  AllowedAmountDto, AppointmentTypeChargeLinesDto, FeeDto, FeeQuoteDto, FeeQuoteQuery, FeeScheduleDto, ProblemDetailsDto, PutAllowedAmountRequest, PutChargeLinesRequest, PutFeeRequest, SLUG,
} from '@clinic-flow/contracts';
import { FeeScheduleService } from './fee-schedule.service';

const INVALID = 'validation';
/** Well-formed changes that name what billing does not know, or break a rule of the schedule. */
const UNPROCESSABLE = 'FEE_SCHEDULE.UNKNOWN_CODE (not HCPCS Level II nor a loaded CPT code / placeholder); FEE_SCHEDULE.INVALID (an unknown modifier, effectiveTo before effectiveFrom)';

@ApiTags('fee-schedule')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (not a site of yours)' })
@Controller('fee-schedule/sites/:siteId')
export class FeeScheduleController {
  constructor(private readonly schedules: FeeScheduleService) {}

  @Get()
  @Roles(...Policies.readFeeSchedule)
  @ApiOkResponse({ type: FeeScheduleDto, description: "The site's prices (with effective dates and modifier prices), payers' allowed amounts and appointment types' default charge lines" })
  get(@Param('siteId') siteId: string, @CurrentUser() user: AuthUser) {
    return this.schedules.get(user, siteId);
  }

  @Get('quote')
  @Roles(...Policies.readFeeSchedule)
  @ApiOkResponse({ type: FeeQuoteDto, description: "A code's charge for one unit on a date of service (and a payer's allowed amount): what an estimate or a draft line is priced with" })
  quote(@Param('siteId') siteId: string, @Query() query: FeeQuoteQuery, @CurrentUser() user: AuthUser) {
    return this.schedules.quote(user, siteId, query);
  }

  @Put('fees')
  @Roles(...Policies.manageFeeSchedule)
  @ApiOkResponse({ type: FeeDto, description: 'The price of a code (for one modifier, or the base price) from a date; the same price again changes nothing. A later effectiveFrom supersedes an earlier price from that day.' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: INVALID })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: UNPROCESSABLE })
  putFee(@Param('siteId') siteId: string, @Body() body: PutFeeRequest, @CurrentUser() user: AuthUser) {
    return this.schedules.putFee(user, siteId, body);
  }

  @Put('allowed-amounts')
  @Roles(...Policies.manageFeeSchedule)
  @ApiOkResponse({ type: AllowedAmountDto, description: "A payer's contracted allowed amount for a code from a date" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: INVALID })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: UNPROCESSABLE })
  putAllowedAmount(@Param('siteId') siteId: string, @Body() body: PutAllowedAmountRequest, @CurrentUser() user: AuthUser) {
    return this.schedules.putAllowedAmount(user, siteId, body);
  }

  @Put('charge-lines/:appointmentTypeId')
  @Roles(...Policies.manageFeeSchedule)
  @ApiParam({ name: 'appointmentTypeId', example: 'follow-up', schema: { type: 'string', pattern: SLUG.source } })
  @ApiOkResponse({ type: AppointmentTypeChargeLinesDto, description: "The lines a checked-out visit of this type starts its draft encounter with (priced from the fee schedule on the date of service)" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: `${INVALID}; FEE_SCHEDULE.INVALID_TYPE` })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: UNPROCESSABLE })
  putChargeLines(@Param('siteId') siteId: string, @Param('appointmentTypeId') appointmentTypeId: string, @Body() body: PutChargeLinesRequest, @CurrentUser() user: AuthUser) {
    return this.schedules.putChargeLines(user, siteId, appointmentTypeId, body);
  }
}
