import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';

/** Refunds of credit balances: to the original card through the payment adapter, or by check. */
@Module({
  imports: [AccountsModule, PaymentsModule],
  controllers: [RefundsController],
  providers: [RefundsService],
})
export class RefundsModule {}
