import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, EncounterDto, EncounterListQuery, ProblemDetailsDto, PutEncounterDiagnosesRequest, PutEncounterLinesRequest, ReopenEncounterRequest } from '@clinic-flow/contracts';
import { EncountersService } from './encounters.service';

@ApiTags('encounters')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller('encounters')
export class EncountersController {
  constructor(private readonly encounters: EncountersService) {}

  @Get()
  @Roles(...Policies.codeEncounters)
  @ApiListResponse(EncounterDto, "The site's work list: encounters to code and sign off (draft and coded) by date of service, or those of one status")
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (not a site of yours)' })
  list(@Query() query: EncounterListQuery, @CurrentUser() user: AuthUser) {
    return this.encounters.list(user, query.siteId, query.status);
  }

  @Get(':id')
  @Roles(...Policies.codeEncounters)
  @ApiOkResponse({ type: EncounterDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_FOUND (none, or of a site not yours)' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.encounters.get(user, id);
  }

  @Put(':id/diagnoses')
  @Roles(...Policies.codeEncounters)
  @ApiOkResponse({ type: EncounterDto, description: 'Diagnoses set in pointer order (coded once it also has lines that all point at them); the patient a claim names is copied from patient-records' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; ENCOUNTER.INVALID_DIAGNOSES (unknown or not billable ICD-10-CM code, release not in effect on the date of service, a line left pointing at no diagnosis): field-level details, nothing written' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_FOUND; PATIENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.ALREADY_READY' })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer (nothing written)' })
  putDiagnoses(@Param('id') id: string, @Body() body: PutEncounterDiagnosesRequest, @CurrentUser() user: AuthUser) {
    return this.encounters.putDiagnoses(user, id, body);
  }

  @Put(':id/lines')
  @Roles(...Policies.codeEncounters)
  @ApiOkResponse({ type: EncounterDto, description: 'Procedure lines set (charges from the fee schedule on the date of service unless given)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; ENCOUNTER.INVALID_LINES (unknown code or not valid on the date of service, bad modifier, units, negative charge, no price, a pointer to no diagnosis): field-level details, nothing written' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_FOUND; PATIENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.ALREADY_READY' })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer (nothing written)' })
  putLines(@Param('id') id: string, @Body() body: PutEncounterLinesRequest, @CurrentUser() user: AuthUser) {
    return this.encounters.putLines(user, id, body);
  }

  @Post(':id/ready')
  @HttpCode(200)
  @Roles(...Policies.codeEncounters)
  @ApiOkResponse({ type: EncounterDto, description: 'Signed off: ready to claim (already ready: unchanged)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_CODED (what is missing is named)' })
  ready(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.encounters.ready(user, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...Policies.codeEncounters)
  @ApiOkResponse({ type: EncounterDto, description: 'Open again for coding (status coded, the note kept in reopenings); its claim is untouched: re-code, sign off, then POST /claims/{claimId}/replace. Publishes encounter.reopened.' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED: a note of 10 characters or more' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_READY (not signed off: open for coding already)' })
  reopen(@Param('id') id: string, @Body() body: ReopenEncounterRequest, @CurrentUser() user: AuthUser) {
    return this.encounters.reopen(user, id, body.note);
  }
}
