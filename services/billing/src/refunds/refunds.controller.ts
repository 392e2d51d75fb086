import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CreateRefundRequest, IDEMPOTENCY_KEY_SCHEMA, ProblemDetailsDto, RefundDto } from '@clinic-flow/contracts';
import { RefundsService } from './refunds.service';

@ApiTags('payments')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'PAYMENT.PROCESSOR_UNAVAILABLE (nothing recorded; retry with the same key); UPSTREAM.UNAVAILABLE' })
@Controller()
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post('accounts/:id/refunds')
  @HttpCode(200)
  @Roles(...Policies.manageAccounts)
  @ApiHeader({ name: 'Idempotency-Key', required: true, schema: { ...IDEMPOTENCY_KEY_SCHEMA } })
  @ApiOkResponse({ type: RefundDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REFUND.CHECK_NUMBER_REQUIRED, REFUND.PAYMENT_NOT_CARD' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'REFUND.EXCEEDS_CREDIT, REFUND.NO_CARD_PAYMENT' })
  refund(@Param('id') id: string, @Body() body: CreateRefundRequest, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser) {
    return this.refunds.refund(user, id, body, key);
  }
}
