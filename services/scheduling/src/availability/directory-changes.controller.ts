import { Body, Controller, Param, Patch, Put } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { UpdateProviderRequest, UpdateSiteHoursRequest } from '@clinic-flow/contracts';
import { DirectoryChangesService } from './directory-changes.service';

@Controller()
export class DirectoryChangesController {
  constructor(private readonly changes: DirectoryChangesService) {}

  @Put('sites/:id/hours')
  @Roles(...Policies.manageSchedule)
  putHours(@Param('id') id: string, @Body() body: UpdateSiteHoursRequest, @CurrentUser() user: AuthUser) {
    return this.changes.putHours(id, body, user);
  }

  @Patch('providers/:id')
  @Roles(...Policies.manageSchedule)
  updateProvider(@Param('id') id: string, @Body() body: UpdateProviderRequest, @CurrentUser() user: AuthUser) {
    return this.changes.updateProvider(id, body, user);
  }
}
