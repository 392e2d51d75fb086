import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, AuthorizationCheckDto, AuthorizationCheckRequest, AuthorizationDto, CreateAuthorizationRequest, ProblemDetailsDto } from '@clinic-flow/contracts';
import { AuthorizationsService } from './authorizations.service';

@ApiTags('authorizations')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer (a payer that is down is a recorded result, not an error)' })
@Controller()
export class AuthorizationsController {
  constructor(private readonly authorizations: AuthorizationsService) {}

  @Post('patients/:patientId/authorizations')
  @Roles(...Policies.requestAuthorizations)
  @ApiCreatedResponse({ type: AuthorizationDto, description: 'Sent as a 278 and recorded with the answer (approved, denied, pending), or recorded as obtained outside (obtainedVia)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation (ICD-10-CM shape, HCPCS/CPT codes, dates); AUTHORIZATION.INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, COVERAGE.NOT_FOUND' })
  create(@Param('patientId') patientId: string, @Body() body: CreateAuthorizationRequest, @CurrentUser() user: AuthUser) {
    return this.authorizations.create(user, patientId, body);
  }

  @Get('patients/:patientId/authorizations')
  @Roles(...Policies.readAuthorizations)
  @ApiListResponse(AuthorizationDto, "The patient's authorizations, newest first (ended ones expired on read)")
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    return this.authorizations.list(user, patientId);
  }

  @Get('authorizations/:id')
  @Roles(...Policies.readAuthorizations)
  @ApiOkResponse({ type: AuthorizationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'AUTHORIZATION.NOT_FOUND (none, or its patient is outside the care relationship)' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.authorizations.get(user, id);
  }

  @Post('authorizations/:id/refresh')
  @HttpCode(200)
  @Roles(...Policies.requestAuthorizations)
  @ApiOkResponse({ type: AuthorizationDto, description: 'Asked the payer again (the same trace): decided, or still pending' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'AUTHORIZATION.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'AUTHORIZATION.NOT_PENDING' })
  refresh(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.authorizations.refresh(user, id);
  }

  // A question (booking asks it before every booking): it changes nothing, so one entry after it, not an attempt and a completion.
  @Post('authorization-checks')
  @AuditPatientData({ access: 'read' })
  @HttpCode(200)
  @Roles(...Policies.bookAppointment)
  @ApiOkResponse({ type: AuthorizationCheckDto, description: "What the visit would need from the patient's primary payer, and whether booking it is blocked" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; AUTHORIZATION.INVALID_CHECK' })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.SITE_FORBIDDEN: the caller does not work at the site' })
  check(@Body() body: AuthorizationCheckRequest, @CurrentUser() user: AuthUser) {
    return this.authorizations.check(user, body);
  }
}
