import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import {
  CreateExceptionRequest,
  DeleteExceptionQuery,
  DeleteExceptionResponse,
  ExceptionDto,
  ExceptionResponse,
  ExceptionsQuery,
  ProblemDetailsDto,
  PutTemplateRequest,
  TemplateResponse,
} from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { query } from './query';

const id = encodeURIComponent;
const CONFLICTS = 'AVAILABILITY.CONFLICTS: upcoming appointments would fall outside availability (listed in `conflicts`); repeat with acknowledgeConflicts';

@ApiTags('availability')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PROVIDER.NOT_FOUND, SITE.NOT_FOUND' })
@Controller('providers/:providerId')
export class AvailabilityRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('availability/:siteId')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: TemplateResponse, description: "The provider's weekly template at the site" })
  template(@Param('providerId') providerId: string, @Param('siteId') siteId: string): Promise<TemplateResponse> {
    return this.upstream.call('scheduling', 'GET', `/providers/${id(providerId)}/availability/${id(siteId)}`);
  }

  @Put('availability/:siteId')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: TemplateResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.INVALID_SESSION, AVAILABILITY.UNKNOWN_TYPE, APPOINTMENT.PROVIDER_NOT_AT_SITE' })
  putTemplate(@Param('providerId') providerId: string, @Param('siteId') siteId: string, @Body() body: PutTemplateRequest): Promise<TemplateResponse> {
    return this.upstream.call('scheduling', 'PUT', `/providers/${id(providerId)}/availability/${id(siteId)}`, body);
  }

  @Get('exceptions')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: 'Time off, blocked time and extra sessions', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ExceptionDto' } } } } })
  exceptions(@Param('providerId') providerId: string, @Query() q: ExceptionsQuery): Promise<{ items: ExceptionDto[] }> {
    return this.upstream.call('scheduling', 'GET', `/providers/${id(providerId)}/exceptions${query(q)}`);
  }

  @Post('exceptions')
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: ExceptionResponse })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: CONFLICTS })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'AVAILABILITY.INVALID_EXCEPTION' })
  addException(@Param('providerId') providerId: string, @Body() body: CreateExceptionRequest): Promise<ExceptionResponse> {
    return this.upstream.call('scheduling', 'POST', `/providers/${id(providerId)}/exceptions`, body);
  }

  @Delete('exceptions/:exceptionId')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: DeleteExceptionResponse })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: CONFLICTS })
  removeException(@Param('providerId') providerId: string, @Param('exceptionId') exceptionId: string, @Query() q: DeleteExceptionQuery): Promise<DeleteExceptionResponse> {
    return this.upstream.call('scheduling', 'DELETE', `/providers/${id(providerId)}/exceptions/${id(exceptionId)}${query(q)}`);
  }
}
