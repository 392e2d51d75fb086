import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { AppointmentTypeDto, CreateAppointmentTypeRequest, ProblemDetailsDto, UpdateAppointmentTypeRequest } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';

@ApiTags('appointment types')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('appointment-types')
export class CatalogRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: 'Every appointment type', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/AppointmentTypeDto' } } } } })
  list(): Promise<{ items: AppointmentTypeDto[] }> {
    return this.upstream.call('scheduling', 'GET', '/appointment-types');
  }

  @Get(':id')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: AppointmentTypeDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string): Promise<AppointmentTypeDto> {
    return this.upstream.call('scheduling', 'GET', `/appointment-types/${encodeURIComponent(id)}`);
  }

  @Post()
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: AppointmentTypeDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT_TYPE.EXISTS' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT_TYPE.OFF_GRID' })
  create(@Body() body: CreateAppointmentTypeRequest): Promise<AppointmentTypeDto> {
    return this.upstream.call('scheduling', 'POST', '/appointment-types', body);
  }

  @Patch(':id')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: AppointmentTypeDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT_TYPE.OFF_GRID' })
  update(@Param('id') id: string, @Body() body: UpdateAppointmentTypeRequest): Promise<AppointmentTypeDto> {
    return this.upstream.call('scheduling', 'PATCH', `/appointment-types/${encodeURIComponent(id)}`, body);
  }
}
