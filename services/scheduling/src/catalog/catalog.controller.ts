import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, AppointmentTypeDto, CreateAppointmentTypeRequest, ProblemDetailsDto, UpdateAppointmentTypeRequest } from '@clinic-flow/contracts';
import { CatalogService } from './catalog.service';

@ApiTags('appointment types')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN for a change by someone not entitled to every site (types are network-wide)' })
@Controller('appointment-types')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...Policies.readDirectory)
  @ApiListResponse(AppointmentTypeDto, 'Every appointment type')
  list() {
    return this.catalog.list();
  }

  @Get(':id')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: AppointmentTypeDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string) {
    return this.catalog.get(id);
  }

  @Post()
  @Roles(...Policies.manageSchedule)
  @ApiCreatedResponse({ type: AppointmentTypeDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT_TYPE.EXISTS' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT_TYPE.OFF_GRID' })
  create(@Body() body: CreateAppointmentTypeRequest, @CurrentUser() user: AuthUser) {
    return this.catalog.create(body, user);
  }

  @Patch(':id')
  @Roles(...Policies.manageSchedule)
  @ApiOkResponse({ type: AppointmentTypeDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT_TYPE.OFF_GRID' })
  update(@Param('id') id: string, @Body() body: UpdateAppointmentTypeRequest, @CurrentUser() user: AuthUser) {
    return this.catalog.update(id, body, user);
  }
}
