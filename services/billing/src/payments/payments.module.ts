import { Module } from '@nestjs/common';
import { VisitsModule } from '@clinic-flow/visits';
import { AccountsModule } from '../accounts/accounts.module';
import { CheckInEstimate } from './check-in-estimate';
import { CardSimulatorAdapter, PaymentAdapter } from './payment-adapter';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Payments (cash, check, card through the payment adapter) and copays at check-in. */
@Module({
  imports: [AccountsModule, VisitsModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, CheckInEstimate, { provide: PaymentAdapter, useClass: CardSimulatorAdapter }],
  exports: [PaymentAdapter, PaymentsService],
})
export class PaymentsModule {}
