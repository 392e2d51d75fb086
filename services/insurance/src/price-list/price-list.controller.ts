import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { PriceListDto, PriceListItemDto, ProblemDetailsDto, PutPriceListItemRequest, SLUG } from '@clinic-flow/contracts';
import { PriceListService } from './price-list.service';

@ApiTags('estimates')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (not a site of yours)' })
@Controller('sites/:siteId/price-list')
export class PriceListController {
  constructor(private readonly prices: PriceListService) {}

  @Get()
  @Roles(...Policies.estimateCharges)
  @ApiOkResponse({ type: PriceListDto, description: "The site's price per appointment type (empty until set)" })
  get(@Param('siteId') siteId: string, @CurrentUser() user: AuthUser) {
    return this.prices.get(user, siteId);
  }

  @Put(':appointmentTypeId')
  @Roles(...Policies.managePriceList)
  @ApiParam({ name: 'appointmentTypeId', example: 'follow-up', schema: { type: 'string', pattern: SLUG.source } })
  @ApiOkResponse({ type: PriceListItemDto, description: 'The price is set (the same price again changes nothing)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; PRICE_LIST.INVALID_TYPE (not an appointment type id); PRICE_LIST.INVALID (a code not of its system unless placeholder, self-pay above the standard charge)' })
  put(@Param('siteId') siteId: string, @Param('appointmentTypeId') appointmentTypeId: string, @Body() body: PutPriceListItemRequest, @CurrentUser() user: AuthUser) {
    return this.prices.put(user, siteId, appointmentTypeId, body);
  }
}
