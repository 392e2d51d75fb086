import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CreateReferralRequest, ProblemDetailsDto, RecordReferralStepRequest, ReferralDto, ReferralListResponse } from '@clinic-flow/contracts';
import { ReferralsService } from './referrals.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('referrals')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('patients/:id/referrals')
  @Roles(...Policies.manageReferrals)
  @ApiCreatedResponse({ type: ReferralDto, description: 'Created; its chase is planned (REFERRAL_CHASE_AFTER)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  create(@Param('id') patientId: string, @Body() body: CreateReferralRequest, @CurrentUser() user: AuthUser) {
    return this.referrals.create(patientId, body, user);
  }

  @Get('patients/:id/referrals')
  @Roles(...Policies.manageReferrals)
  @ApiOkResponse({ type: ReferralListResponse, description: "The patient's referrals, newest first" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('id') patientId: string, @CurrentUser() user: AuthUser) {
    return this.referrals.list(patientId, user);
  }

  @Get('referrals/:id')
  @Roles(...Policies.manageReferrals)
  @ApiOkResponse({ type: ReferralDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'REFERRAL.NOT_FOUND' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.referrals.get(id, user);
  }

  @Post('referrals/:id/steps')
  @HttpCode(200)
  @Roles(...Policies.manageReferrals)
  @ApiOkResponse({ type: ReferralDto, description: 'The step is recorded; the next chase is planned and earlier chase tasks close by themselves' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED, REFERRAL.STEP_INVALID' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'REFERRAL.NOT_FOUND, DOCUMENT.NOT_FOUND (the report)' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'REFERRAL.STEP_OUT_OF_ORDER, REFERRAL.CLOSED' })
  recordStep(@Param('id') id: string, @Body() body: RecordReferralStepRequest, @CurrentUser() user: AuthUser) {
    return this.referrals.recordStep(id, body, user);
  }
}
