import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, CreateExceptionRequest, DeleteExceptionQuery, DeleteExceptionResponse, ExceptionDto, ExceptionResponse, ExceptionsQuery, ProblemDetailsDto, PutTemplateRequest, TemplateResponse } from '@clinic-flow/contracts';
import { AvailabilityService } from './availability.service';

const CONFLICTS = 'AVAILABILITY.CONFLICTS: upcoming appointments would fall outside availability (listed in `conflicts`); repeat with acknowledgeConflicts';

@ApiTags('availability')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PROVIDER.NOT_FOUND, SITE.NOT_FOUND' })
@Controller('providers/:providerId')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('availability/:siteId')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: TemplateResponse, description: "The provider's weekly template at the site" })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.PROVIDER_NOT_AT_SITE: the provider does not work at that site' })
  template(@Param('providerId') providerId: string, @Param('siteId') siteId: string, @CurrentUser() user: AuthUser) {
    return this.availability.getTemplate(providerId, siteId, user);
  }

  @Put('availability/:siteId')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: TemplateResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.INVALID_SESSION, AVAILABILITY.UNKNOWN_TYPE, APPOINTMENT.PROVIDER_NOT_AT_SITE' })
  putTemplate(@Param('providerId') providerId: string, @Param('siteId') siteId: string, @Body() body: PutTemplateRequest, @CurrentUser() user: AuthUser) {
    return this.availability.putTemplate(providerId, siteId, body, user);
  }

  @Get('exceptions')
  @Roles(...Policies.readDirectory)
  @ApiListResponse(ExceptionDto, 'Time off, blocked time and extra sessions')
  exceptions(@Param('providerId') providerId: string, @Query() query: ExceptionsQuery, @CurrentUser() user: AuthUser) {
    return this.availability.listExceptions(providerId, query.from, user);
  }

  @Post('exceptions')
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: ExceptionResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.INVALID_EXCEPTION' })
  addException(@Param('providerId') providerId: string, @Body() body: CreateExceptionRequest, @CurrentUser() user: AuthUser) {
    return this.availability.addException(providerId, body, user);
  }

  @Delete('exceptions/:exceptionId')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: DeleteExceptionResponse })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: CONFLICTS })
  removeException(@Param('providerId') providerId: string, @Param('exceptionId') exceptionId: string, @Query() query: DeleteExceptionQuery, @CurrentUser() user: AuthUser) {
    return this.availability.removeException(providerId, exceptionId, query.acknowledgeConflicts, user);
  }
}
