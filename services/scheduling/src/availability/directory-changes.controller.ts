import { Body, Controller, Param, Patch, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProblemDetailsDto, SiteHoursResponse, UpdateProviderRequest, UpdateProviderResponse, UpdateSiteHoursRequest } from '@clinic-flow/contracts';
import { DirectoryChangesService } from './directory-changes.service';

/** Directory changes that are checked against the bookings they would strand. */
@ApiTags('directory')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'Role not allowed, or AUTH.SITE_FORBIDDEN' })
@Controller()
export class DirectoryChangesController {
  constructor(private readonly changes: DirectoryChangesService) {}

  @Put('sites/:id/hours')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: SiteHoursResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.CONFLICTS: upcoming appointments would fall outside the hours (listed in `conflicts`)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'SITE.INVALID_HOURS' })
  putHours(@Param('id') id: string, @Body() body: UpdateSiteHoursRequest, @CurrentUser() user: AuthUser) {
    return this.changes.putHours(id, body, user);
  }

  @Patch('providers/:id')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: UpdateProviderResponse })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.CONFLICTS: leaving a site (or deactivating) strands upcoming appointments; repeat with acknowledgeConflicts' })
  updateProvider(@Param('id') id: string, @Body() body: UpdateProviderRequest, @CurrentUser() user: AuthUser) {
    return this.changes.updateProvider(id, body, user);
  }
}
