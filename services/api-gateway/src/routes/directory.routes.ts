import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import {
  CreateProviderRequest,
  CreateRoomRequest,
  PageQuery,
  ProblemDetailsDto,
  ProviderDto,
  ProvidersQuery,
  RoomDto,
  RoomsQuery,
  SiteDto,
  SiteHoursResponse,
  UpdateProviderRequest,
  UpdateProviderResponse,
  UpdateSiteHoursRequest,
} from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { query } from './query';

const id = encodeURIComponent;

@ApiTags('directory')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'Role not allowed, or AUTH.SITE_FORBIDDEN' })
@Controller()
export class DirectoryRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('sites')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: "The caller's sites", schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/SiteDto' } } } } })
  sites(@Query() page: PageQuery): Promise<{ items: SiteDto[] }> {
    return this.upstream.call('scheduling', 'GET', `/sites${query(page)}`);
  }

  @Get('sites/:id/hours')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: SiteHoursResponse })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  hours(@Param('id') siteId: string): Promise<SiteHoursResponse> {
    return this.upstream.call('scheduling', 'GET', `/sites/${id(siteId)}/hours`);
  }

  @Put('sites/:id/hours')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: SiteHoursResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.CONFLICTS: upcoming appointments would fall outside the hours (listed in `conflicts`)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'SITE.INVALID_HOURS' })
  putHours(@Param('id') siteId: string, @Body() body: UpdateSiteHoursRequest): Promise<SiteHoursResponse> {
    return this.upstream.call('scheduling', 'PUT', `/sites/${id(siteId)}/hours`, body);
  }

  @Get('providers')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: "Providers at a site (default: all the caller's sites)", schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ProviderDto' } } } } })
  providers(@Query() q: ProvidersQuery): Promise<{ items: ProviderDto[] }> {
    return this.upstream.call('scheduling', 'GET', `/providers${query(q)}`);
  }

  @Get('providers/:id')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: ProviderDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  provider(@Param('id') providerId: string): Promise<ProviderDto> {
    return this.upstream.call('scheduling', 'GET', `/providers/${id(providerId)}`);
  }

  @Post('providers')
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PROVIDER.EXISTS' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'PROVIDER.UNKNOWN_SITE' })
  createProvider(@Body() body: CreateProviderRequest): Promise<ProviderDto> {
    return this.upstream.call('scheduling', 'POST', '/providers', body);
  }

  @Patch('providers/:id')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: UpdateProviderResponse })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.CONFLICTS: leaving a site (or deactivating) strands upcoming appointments; repeat with acknowledgeConflicts' })
  updateProvider(@Param('id') providerId: string, @Body() body: UpdateProviderRequest): Promise<UpdateProviderResponse> {
    return this.upstream.call('scheduling', 'PATCH', `/providers/${id(providerId)}`, body);
  }

  @Get('rooms')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: 'Rooms of a site', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/RoomDto' } } } } })
  rooms(@Query() q: RoomsQuery): Promise<{ items: RoomDto[] }> {
    return this.upstream.call('scheduling', 'GET', `/rooms${query(q)}`);
  }

  @Post('rooms')
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: RoomDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ROOM.EXISTS' })
  createRoom(@Body() body: CreateRoomRequest): Promise<RoomDto> {
    return this.upstream.call('scheduling', 'POST', '/rooms', body);
  }
}
