import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, EligibilityCheckDto, EligibilityCheckRequest, ProblemDetailsDto } from '@clinic-flow/contracts';
import { EligibilityService } from './eligibility.service';

@ApiTags('coverages')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'COVERAGE.NOT_FOUND (none, or its patient is outside the care relationship); ELIGIBILITY.VISIT_NOT_FOUND (appointmentId unknown)' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer (a payer that is down is a recorded result, not an error)' })
@Controller('coverages/:id/eligibility-checks')
export class EligibilityController {
  constructor(private readonly eligibility: EligibilityService) {}

  @Post()
  @Roles(...Policies.manageCoverages)
  @ApiCreatedResponse({ type: EligibilityCheckDto, description: 'The recorded result: active, inactive, needs-attention or payer-unavailable' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; ELIGIBILITY.INVALID_DATE, ELIGIBILITY.VISIT_OF_ANOTHER_PATIENT, ELIGIBILITY.DATE_NOT_THE_VISITS' })
  check(@Param('id') id: string, @Body() body: EligibilityCheckRequest, @CurrentUser() user: AuthUser) {
    return this.eligibility.check(user, id, body);
  }

  @Get()
  @Roles(...Policies.readCoverages)
  @ApiListResponse(EligibilityCheckDto, "The coverage's checks, newest first")
  history(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.eligibility.history(user, id);
  }
}
