import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CreateExceptionRequest, DeleteExceptionQuery, ExceptionsQuery, PutTemplateRequest } from '@clinic-flow/contracts';
import { AvailabilityService } from './availability.service';

@Controller('providers/:providerId')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('availability/:siteId')
  @Roles(...Policies.readDirectory)
  template(@Param('providerId') providerId: string, @Param('siteId') siteId: string, @CurrentUser() user: AuthUser) {
    return this.availability.getTemplate(providerId, siteId, user);
  }

  @Put('availability/:siteId')
  @Roles(...Policies.manageSchedule)
  putTemplate(@Param('providerId') providerId: string, @Param('siteId') siteId: string, @Body() body: PutTemplateRequest, @CurrentUser() user: AuthUser) {
    return this.availability.putTemplate(providerId, siteId, body, user);
  }

  @Get('exceptions')
  @Roles(...Policies.readDirectory)
  exceptions(@Param('providerId') providerId: string, @Query() query: ExceptionsQuery, @CurrentUser() user: AuthUser) {
    return this.availability.listExceptions(providerId, query.from, user);
  }

  @Post('exceptions')
  @Roles(...Policies.manageSchedule)
  addException(@Param('providerId') providerId: string, @Body() body: CreateExceptionRequest, @CurrentUser() user: AuthUser) {
    return this.availability.addException(providerId, body, user);
  }

  @Delete('exceptions/:exceptionId')
  @Roles(...Policies.manageSchedule)
  removeException(@Param('providerId') providerId: string, @Param('exceptionId') exceptionId: string, @Query() query: DeleteExceptionQuery, @CurrentUser() user: AuthUser) {
    return this.availability.removeException(providerId, exceptionId, query.acknowledgeConflicts, user);
  }
}
