import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { EffectivePolicyQuery, EffectiveReminderPolicyDto, ProblemDetailsDto, ReminderPolicyDto, ReminderPolicyRequest } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { query } from './query';

/** Which reminders go out when (per appointment type, site, or the network default) and quiet hours. */
@ApiTags('reminder policies')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('reminder-policies')
export class ReminderPoliciesRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ description: 'Every stored level (and the env default when none is stored)', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ReminderPolicyDto' } } } } })
  list(): Promise<{ items: ReminderPolicyDto[] }> {
    return this.upstream.call('notification', 'GET', '/reminder-policies');
  }

  @Get('effective')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: EffectiveReminderPolicyDto })
  effective(@Query() params: EffectivePolicyQuery): Promise<EffectiveReminderPolicyDto> {
    return this.upstream.call('notification', 'GET', `/reminder-policies/effective${query(params)}`);
  }

  @Put('default')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  putDefault(@Body() body: ReminderPolicyRequest): Promise<ReminderPolicyDto> {
    return this.upstream.call('notification', 'PUT', '/reminder-policies/default', body);
  }

  @Put('sites/:siteId')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  putSite(@Param('siteId') siteId: string, @Body() body: ReminderPolicyRequest): Promise<ReminderPolicyDto> {
    return this.upstream.call('notification', 'PUT', `/reminder-policies/sites/${encodeURIComponent(siteId)}`, body);
  }

  @Put('appointment-types/:typeId')
  @Roles(...Policies.manageReminderPolicy)
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  putType(@Param('typeId') typeId: string, @Body() body: ReminderPolicyRequest): Promise<ReminderPolicyDto> {
    return this.upstream.call('notification', 'PUT', `/reminder-policies/appointment-types/${encodeURIComponent(typeId)}`, body);
  }

  @Delete('default')
  @HttpCode(204)
  @Roles(...Policies.manageReminderPolicy)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async removeDefault(): Promise<void> {
    await this.upstream.call('notification', 'DELETE', '/reminder-policies/default');
  }

  @Delete('sites/:siteId')
  @HttpCode(204)
  @Roles(...Policies.manageReminderPolicy)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async removeSite(@Param('siteId') siteId: string): Promise<void> {
    await this.upstream.call('notification', 'DELETE', `/reminder-policies/sites/${encodeURIComponent(siteId)}`);
  }

  @Delete('appointment-types/:typeId')
  @HttpCode(204)
  @Roles(...Policies.manageReminderPolicy)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async removeType(@Param('typeId') typeId: string): Promise<void> {
    await this.upstream.call('notification', 'DELETE', `/reminder-policies/appointment-types/${encodeURIComponent(typeId)}`);
  }
}
