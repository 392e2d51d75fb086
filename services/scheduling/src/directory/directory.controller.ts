import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, PageQuery, CreateProviderRequest, CreateRoomRequest, ProblemDetailsDto, ProviderDto, ProvidersQuery, RoomDto, RoomsQuery, SiteDto, SiteHoursResponse } from '@clinic-flow/contracts';
import { DirectoryService } from './directory.service';

@ApiTags('directory')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'Role not allowed, or AUTH.SITE_FORBIDDEN' })
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('sites')
  @Roles(...Policies.readDirectory)
  @ApiListResponse(SiteDto, "The caller's sites")
  sites(@CurrentUser() user: AuthUser, @Query() _page: PageQuery) {
    return this.directory.listSites(user);
  }

  @Get('sites/:id/hours')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: SiteHoursResponse })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  hours(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.directory.getHours(id, user);
  }

  @Get('providers')
  @Roles(...Policies.readDirectory)
  @ApiListResponse(ProviderDto, "Providers at a site (default: all the caller's sites)")
  providers(@CurrentUser() user: AuthUser, @Query() query: ProvidersQuery) {
    return this.directory.listProviders(user, query);
  }

  @Get('providers/:id')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: ProviderDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  provider(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.directory.getProvider(id, user);
  }

  @Post('providers')
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PROVIDER.EXISTS' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'PROVIDER.UNKNOWN_SITE' })
  createProvider(@Body() body: CreateProviderRequest, @CurrentUser() user: AuthUser) {
    return this.directory.createProvider(body, user);
  }

  @Get('rooms')
  @Roles(...Policies.readDirectory)
  @ApiListResponse(RoomDto, 'Rooms of a site')
  rooms(@Query() query: RoomsQuery, @CurrentUser() user: AuthUser) {
    return this.directory.listRooms(query.siteId, user);
  }

  @Post('rooms')
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: RoomDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ROOM.EXISTS' })
  createRoom(@Body() body: CreateRoomRequest, @CurrentUser() user: AuthUser) {
    return this.directory.createRoom(body, user);
  }
}
