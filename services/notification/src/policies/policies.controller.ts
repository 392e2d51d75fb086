import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, EffectivePolicyQuery, EffectiveReminderPolicyDto, ProblemDetailsDto, ReminderPolicyDto, ReminderPolicyRequest } from '@clinic-flow/contracts';
import { PoliciesService } from './policies.service';

@ApiTags('reminder policies')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('reminder-policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Roles(...Policies.manageReminderPolicy)
  @ApiListResponse(ReminderPolicyDto, 'Every stored level (and the env default when none is stored)')
  list() {
    return this.policies.list();
  }

  @Get('effective')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: EffectiveReminderPolicyDto })
  effective(@Query() query: EffectivePolicyQuery, @CurrentUser() user: AuthUser) {
    return this.policies.effectiveDto(user, query.siteId, query.appointmentTypeId);
  }

  @Put('default')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'POLICY.DUPLICATE_OFFSET: each offset once in a policy' })
  putDefault(@Body() body: ReminderPolicyRequest, @CurrentUser() user: AuthUser) {
    return this.policies.put('default', undefined, body, user);
  }

  @Put('sites/:siteId')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'POLICY.DUPLICATE_OFFSET: each offset once in a policy' })
  putSite(@Param('siteId') siteId: string, @Body() body: ReminderPolicyRequest, @CurrentUser() user: AuthUser) {
    return this.policies.put('site', siteId, body, user);
  }

  @Put('appointment-types/:typeId')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'POLICY.DUPLICATE_OFFSET: each offset once in a policy' })
  putType(@Param('typeId') typeId: string, @Body() body: ReminderPolicyRequest, @CurrentUser() user: AuthUser) {
    return this.policies.put('appointment-type', typeId, body, user);
  }

  @Delete('default')
  @HttpCode(204)
  @Roles(...Policies.manageReminderPolicy)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  removeDefault(@CurrentUser() user: AuthUser) {
    return this.policies.remove('default', undefined, user);
  }

  @Delete('sites/:siteId')
  @HttpCode(204)
  @Roles(...Policies.manageReminderPolicy)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  removeSite(@Param('siteId') siteId: string, @CurrentUser() user: AuthUser) {
    return this.policies.remove('site', siteId, user);
  }

  @Delete('appointment-types/:typeId')
  @HttpCode(204)
  @Roles(...Policies.manageReminderPolicy)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  removeType(@Param('typeId') typeId: string, @CurrentUser() user: AuthUser) {
    return this.policies.remove('appointment-type', typeId, user);
  }
}
