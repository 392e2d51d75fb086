import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CreateProviderRequest, CreateRoomRequest, ProvidersQuery, RoomsQuery } from '@clinic-flow/contracts';
import { DirectoryService } from './directory.service';

@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('sites')
  @Roles(...Policies.readDirectory)
  sites(@CurrentUser() user: AuthUser) {
    return this.directory.listSites(user);
  }

  @Get('sites/:id/hours')
  @Roles(...Policies.readDirectory)
  hours(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.directory.getHours(id, user);
  }

  @Get('providers')
  @Roles(...Policies.readDirectory)
  providers(@CurrentUser() user: AuthUser, @Query() query: ProvidersQuery) {
    return this.directory.listProviders(user, query);
  }

  @Get('providers/:id')
  @Roles(...Policies.readDirectory)
  provider(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.directory.getProvider(id, user);
  }

  @Post('providers')
  @Roles(...Policies.manageSchedule)
  createProvider(@Body() body: CreateProviderRequest, @CurrentUser() user: AuthUser) {
    return this.directory.createProvider(body, user);
  }

  @Get('rooms')
  @Roles(...Policies.readDirectory)
  rooms(@Query() query: RoomsQuery, @CurrentUser() user: AuthUser) {
    return this.directory.listRooms(query.siteId, user);
  }

  @Post('rooms')
  @Roles(...Policies.manageSchedule)
  createRoom(@Body() body: CreateRoomRequest, @CurrentUser() user: AuthUser) {
    return this.directory.createRoom(body, user);
  }
}
