import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { CreatePaymentPlanRequest, PaymentPlanDto, ProblemDetailsDto } from '@clinic-flow/contracts';
import { PaymentPlansService } from './payment-plans.service';

@ApiTags('payment-plans')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN' })
@Controller('accounts/:id/payment-plans')
export class PaymentPlansController {
  constructor(private readonly plans: PaymentPlansService) {}

  @Post()
  @Roles(...Policies.manageAccounts)
  @ApiCreatedResponse({ type: PaymentPlanDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PAYMENT_PLAN.EXISTS, PAYMENT_PLAN.NO_BALANCE' })
  create(@Param('id') id: string, @Body() body: CreatePaymentPlanRequest, @CurrentUser() user: AuthUser) {
    return this.plans.create(user, id, body);
  }

  @Get('current')
  @Roles(...Policies.readAccounts)
  @ApiOkResponse({ type: PaymentPlanDto, description: 'The plan with its installments (paid, missed, due)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PAYMENT_PLAN.NOT_FOUND' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.plans.get(user, id);
  }
}
