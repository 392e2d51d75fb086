import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CopayRequest, CreatePaymentRequest, IDEMPOTENCY_KEY_SCHEMA, PaymentDto, ProblemDetailsDto } from '@clinic-flow/contracts';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'PAYMENT.PROCESSOR_UNAVAILABLE (nothing recorded; retry with the same key); UPSTREAM.UNAVAILABLE' })
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('accounts/:id/payments')
  @HttpCode(200)
  @Roles(...Policies.takePayments)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'The same key records (and charges) once', schema: { ...IDEMPOTENCY_KEY_SCHEMA } })
  @ApiOkResponse({ type: PaymentDto, description: 'Recorded (created: true), or the same key answered again (created: false)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'PAYMENT.CARD_TOKEN_REQUIRED, PAYMENT.CHECK_NUMBER_REQUIRED, LEDGER.AMOUNT_OUT_OF_RANGE, LEDGER.IDEMPOTENCY_KEY_REQUIRED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ACCOUNT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PAYMENT.EXCEEDS_BALANCE (choose overpayment: credit), PAYMENT.CARD_DECLINED (with the reason; nothing recorded), PAYMENT.IDEMPOTENCY_KEY_REUSED' })
  pay(@Param('id') id: string, @Body() body: CreatePaymentRequest, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser) {
    return this.payments.pay(user, id, body, key);
  }

  @Post('visits/:appointmentId/copay')
  @HttpCode(200)
  @Roles(...Policies.takePayments)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Default: one copay per visit', schema: { ...IDEMPOTENCY_KEY_SCHEMA } })
  @ApiOkResponse({ type: PaymentDto, description: "The copay on the guarantor's account against the visit (credit until the visit's charge)" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'PAYMENT.COPAY_AMOUNT_REQUIRED (no estimate from insurance)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.NOT_FOUND, PATIENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PAYMENT.CARD_DECLINED' })
  copay(@Param('appointmentId') appointmentId: string, @Body() body: CopayRequest, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser) {
    return this.payments.copay(user, appointmentId, body, key);
  }
}
