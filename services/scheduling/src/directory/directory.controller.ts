import { Controller, Get, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProvidersQuery } from '@clinic-flow/contracts';
import { DirectoryService } from './directory.service';

@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('sites')
  @Roles(...Policies.readDirectory)
  sites(@CurrentUser() user: AuthUser) {
    return this.directory.listSites(user);
  }

  @Get('providers')
  @Roles(...Policies.readDirectory)
  providers(@CurrentUser() user: AuthUser, @Query() query: ProvidersQuery) {
    return this.directory.listProviders(user, query);
  }
}
