import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CloseDenialRequest, CreateClaimRequest, DenialsQuery, ProblemDetailsDto, UploadRemittanceRequest } from '@clinic-flow/contracts';
import { ClaimsService } from './claims.service';
import { DenialsService } from './denials.service';
import { RemittancesService } from './remittances.service';

@ApiTags('claims')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller()
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post('claims')
  @Roles(...Policies.manageClaims)
  @ApiCreatedResponse({ description: "The claim (scrubbed, charges posted to the guarantor's ledger, insurance's part) and what the 999 said: submitted, rejected, or ready-to-submit when the clearinghouse was down (retried by a job)" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ENCOUNTER.NOT_FOUND; PATIENT.NOT_FOUND; CLAIM.PAYER_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CLAIM.ENCOUNTER_NOT_READY; CLAIM.ALREADY_CLAIMED (claimId named); CLAIM.NO_COVERAGE' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'CLAIM.SCRUBBER_BLOCKED (claimId, findings: rule, message, fix, where); CLAIM.INVALID (837P problems). Nothing written.' })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: insurance or patient-records did not answer (nothing written)' })
  create(@Body() body: CreateClaimRequest, @CurrentUser() user: AuthUser) {
    return this.claims.create(user, body);
  }

  @Get('claims/:id')
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: 'The claim: status, control numbers, lines with their ids (REF*6R), adjudications, denials' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_FOUND (none, or of a site not yours)' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.claims.get(user, id);
  }

  @Get('patients/:patientId/claims')
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: "The patient's claims (primary and secondary), oldest first" })
  async forPatient(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    const items = await this.claims.forPatient(user, patientId);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Post('claims/:id/submit')
  @HttpCode(200)
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: 'A claim left ready-to-submit, sent now' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_READY_TO_SUBMIT' })
  submit(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.claims.submitNow(user, id);
  }

  @Post('claims/:id/void')
  @Roles(...Policies.manageClaims)
  @ApiCreatedResponse({ description: "The void (frequency 8, REF*F8 = the original's payer claim control number, originalClaimId = the claim voided), sent now; the original's charges reversed. The payer's reversal (CLP02 22) on its next 835 reverses the original's payments and write-offs." })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_ACCEPTED (no payer claim control number); CLAIM.ALREADY_CORRECTED; CLAIM.VOIDED (a void is not voided); CLAIM.SECONDARY_CORRECTION' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'CLAIM.INVALID (837P problems). Nothing written.' })
  voidClaim(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.claims.correct(user, id, '8');
  }

  @Post('claims/:id/replace')
  @Roles(...Policies.manageClaims)
  @ApiCreatedResponse({ description: "The replacement (frequency 7, REF*F8 = the original's payer claim control number) built from the encounter's current lines and diagnoses, scrubbed and sent now; the original's charges reversed and the replacement's posted. The payer reverses the original and prices the replacement." })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_FOUND; ENCOUNTER.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_ACCEPTED (no payer claim control number); CLAIM.ALREADY_CORRECTED; CLAIM.VOIDED; CLAIM.SECONDARY_CORRECTION; CLAIM.NO_COVERAGE; CLAIM.ENCOUNTER_NOT_READY (re-opened, not signed off again)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'CLAIM.SCRUBBER_BLOCKED; CLAIM.INVALID. Nothing written.' })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: insurance did not answer (nothing written)' })
  replace(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.claims.correct(user, id, '7');
  }
}

@ApiTags('claims')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN' })
@Controller('denials')
export class DenialsController {
  constructor(private readonly denials: DenialsService) {}

  @Get()
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: "A site's denials work queue: each denied line with its adjustment group, CARC and RARC codes explained" })
  list(@Query() query: DenialsQuery, @CurrentUser() user: AuthUser) {
    return this.denials.list(user, query.siteId);
  }
}

/** Working a denial off the queue: under its claim (the queue names both ids). */
@ApiTags('claims')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller('claims/:claimId/denials')
export class DenialClosingController {
  constructor(private readonly denials: DenialsService) {}

  @Post(':denialId/close')
  @HttpCode(200)
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: "The denial closed (open: false) with its outcome, note, who and when; a write-off's postingId and the account's balances after it. Publishes claim.denial-worked (without the note)." })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED: outcome appealed | written-off | corrected; a note of 10 characters or more' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'CLAIM.NOT_FOUND (none, or of a site not yours); DENIAL.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'DENIAL.ALREADY_CLOSED; DENIAL.NOT_CORRECTED (corrected, but the claim was neither replaced nor voided); DENIAL.CLAIM_CORRECTED (written-off, but the claim was replaced or voided); LEDGER.INSURANCE_BELOW_ZERO' })
  close(@Param('claimId') claimId: string, @Param('denialId') denialId: string, @Body() body: CloseDenialRequest, @CurrentUser() user: AuthUser) {
    return this.denials.close(user, claimId, denialId, body);
  }
}

/** The clearinghouse's reports and uploaded 835s: network-wide, but an 835 names patients (CLP, NM1*QC): audited. */
@ApiTags('claims')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller()
export class RemittancesController {
  constructor(private readonly remittances: RemittancesService) {}

  @Post('clearinghouse/poll')
  @HttpCode(200)
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: 'Fetched now: 277CAs applied (claims accepted or rejected), 835s posted or refused; the cursor kept' })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'CLEARINGHOUSE.UNAVAILABLE' })
  poll() {
    return this.remittances.poll();
  }

  @Post('remittances')
  @Roles(...Policies.manageClaims)
  @ApiCreatedResponse({ description: 'Each 835 of the file posted (or `duplicate: true`: the same payer and trace number was posted before, nothing posted again)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'REMITTANCE.UNREADABLE; REMITTANCE.UNBALANCED (the reasons; the file recorded as refused, nothing posted)' })
  upload(@Body() body: UploadRemittanceRequest, @CurrentUser() user: AuthUser) {
    return this.remittances.upload(user, body.x12);
  }

  @Get('remittances/:id')
  @Roles(...Policies.manageClaims)
  @ApiOkResponse({ description: 'A remittance: posted or refused (with why), its claims and provider-level adjustments (PLB)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'REMITTANCE.NOT_FOUND' })
  get(@Param('id') id: string) {
    return this.remittances.get(id);
  }
}
