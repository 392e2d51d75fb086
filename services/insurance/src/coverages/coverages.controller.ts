import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, CoverageDto, CreateCoverageRequest, ProblemDetailsDto, UpdateCoverageRequest } from '@clinic-flow/contracts';
import { CoveragesService } from './coverages.service';

@ApiTags('coverages')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer' })
@Controller()
export class CoveragesController {
  constructor(private readonly coverages: CoveragesService) {}

  @Post('patients/:patientId/coverages')
  @Roles(...Policies.manageCoverages)
  @ApiCreatedResponse({ type: CoverageDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; COVERAGE.INVALID_DATES, COVERAGE.SUBSCRIBER_REQUIRED' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'COVERAGE.PAYER_UNKNOWN, COVERAGE.PLAN_UNKNOWN, COVERAGE.MEMBER_ID_FORMAT' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND (none, or outside the care relationship)' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'COVERAGE.ORDER_TAKEN: another coverage of that order over an overlapping period' })
  create(@Param('patientId') patientId: string, @Body() body: CreateCoverageRequest, @CurrentUser() user: AuthUser) {
    return this.coverages.create(user, patientId, body);
  }

  @Get('patients/:patientId/coverages')
  @Roles(...Policies.readCoverages)
  @ApiListResponse(CoverageDto, "The patient's coverages, primary first")
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    return this.coverages.list(user, patientId);
  }

  @Get('coverages/:id')
  @Roles(...Policies.readCoverages)
  @ApiOkResponse({ type: CoverageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'COVERAGE.NOT_FOUND (none, or its patient is outside the care relationship)' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.coverages.get(user, id);
  }

  @Patch('coverages/:id')
  @Roles(...Policies.manageCoverages)
  @ApiOkResponse({ type: CoverageDto, description: 'Changed; a terminationDate terminates it (coverage.terminated)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; as for adding one' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'COVERAGE.PLAN_UNKNOWN, COVERAGE.MEMBER_ID_FORMAT: as for adding one' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'COVERAGE.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'COVERAGE.ORDER_TAKEN; COVERAGE.CHANGED (changed meanwhile)' })
  update(@Param('id') id: string, @Body() body: UpdateCoverageRequest, @CurrentUser() user: AuthUser) {
    return this.coverages.update(user, id, body);
  }
}
