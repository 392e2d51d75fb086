import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { AccountDto, IDEMPOTENCY_KEY_SCHEMA, PostAdjustmentRequest, PostChargeRequest, PostReversalRequest, ProblemDetailsDto } from '@clinic-flow/contracts';
import { AccountsService, toAccountDto } from './accounts.service';

const IDEMPOTENCY = { name: 'Idempotency-Key', required: true, description: 'The same key posts once; a retry answers the first posting', schema: { ...IDEMPOTENCY_KEY_SCHEMA } };

@ApiTags('accounts')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer' })
@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('patients/:patientId/account')
  @HttpCode(200)
  @Roles(...Policies.readAccounts)
  @ApiOkResponse({ type: AccountDto, description: "The patient's guarantor account (opened the first time), with its ledger and balances" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND (none, or outside the care relationship)' })
  async forPatient(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    return toAccountDto(await this.accounts.forPatient(user, patientId));
  }

  @Get('accounts/:id')
  @Roles(...Policies.readAccounts)
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ACCOUNT.NOT_FOUND' })
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return toAccountDto(await this.accounts.open(user, id));
  }

  @Post('accounts/:id/charges')
  @HttpCode(200)
  @Roles(...Policies.manageAccounts)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: AccountDto, description: 'Posted (or the same key posted before)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'LEDGER.NEGATIVE_CHARGE, LEDGER.AMOUNT_OUT_OF_RANGE, LEDGER.IDEMPOTENCY_KEY_REQUIRED' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'LEDGER.IDEMPOTENCY_KEY_REUSED' })
  charge(@Param('id') id: string, @Body() body: PostChargeRequest, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser) {
    return this.accounts.charge(user, id, body, key);
  }

  @Post('accounts/:id/adjustments')
  @HttpCode(200)
  @Roles(...Policies.manageAccounts)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: AccountDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'LEDGER.NEGATIVE_AMOUNT, LEDGER.AMOUNT_OUT_OF_RANGE' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'LEDGER.ADJUSTMENT_EXCEEDS_BALANCE, LEDGER.INSURANCE_BELOW_ZERO' })
  adjust(@Param('id') id: string, @Body() body: PostAdjustmentRequest, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser) {
    return this.accounts.adjust(user, id, body, key);
  }

  @Post('accounts/:id/reversals')
  @HttpCode(200)
  @Roles(...Policies.manageAccounts)
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: AccountDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'LEDGER.REVERSAL_TARGET_UNKNOWN, LEDGER.CARD_PAYMENT_REVERSAL' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'LEDGER.ALREADY_REVERSED' })
  reverse(@Param('id') id: string, @Body() body: PostReversalRequest, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser) {
    return this.accounts.reverse(user, id, body, key);
  }
}
