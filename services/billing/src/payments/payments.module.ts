import { Module } from '@nestjs/common';
import { VisitsModule } from '@clinic-flow/visits';
import { AccountsModule } from '../accounts/accounts.module';
import { RefundsService } from '../refunds/refunds.service';
import { CheckInEstimate } from './check-in-estimate';
import { CardSimulatorAdapter, PaymentAdapter } from './payment-adapter';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Payments (cash, check, card through the payment adapter), copays at check-in, refunds of credit. */
@Module({
  imports: [AccountsModule, VisitsModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, RefundsService, CheckInEstimate, { provide: PaymentAdapter, useClass: CardSimulatorAdapter }],
  exports: [PaymentAdapter, PaymentsService],
})
export class PaymentsModule {}
