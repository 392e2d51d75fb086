import { Controller, Get, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { EstimateDto, ProblemDetailsDto } from '@clinic-flow/contracts';
import { EstimatesService } from './estimates.service';

@ApiTags('estimates')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: "AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (the visit is at another site)" })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer' })
@Controller('appointments/:id/estimate')
export class EstimatesController {
  constructor(private readonly estimates: EstimatesService) {}

  @Get()
  @Roles(...Policies.estimateCharges)
  @ApiOkResponse({ type: EstimateDto, description: 'What the patient owes today and in all for the visit, itemized, with its basis and warnings' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.NOT_FOUND (none, or not known to insurance yet); PATIENT.NOT_FOUND (outside the care relationship)' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.estimates.estimate(user, id);
  }
}
