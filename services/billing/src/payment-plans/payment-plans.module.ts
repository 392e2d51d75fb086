import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { AccountsModule } from '../accounts/accounts.module';
import { PaymentsModule } from '../payments/payments.module';
import { PaymentPlanTickPlanner, paymentPlanTickSource } from './payment-plan-tick.queue';
import { paymentPlanTickWorker } from './payment-plan-tick.worker';
import { PaymentPlansController } from './payment-plans.controller';
import { PaymentPlansRepository } from './payment-plans.repository';
import { PaymentPlansService } from './payment-plans.service';

/** Payment plans and the monthly job that charges card-on-file installments. */
@Module({
  imports: [AccountsModule, PaymentsModule],
  controllers: [PaymentPlansController],
  providers: [...jobQueueProviders([paymentPlanTickWorker]), ...jobSourceProviders([paymentPlanTickSource]), PaymentPlansRepository, PaymentPlansService, PaymentPlanTickPlanner],
  exports: [PaymentPlansRepository],
})
export class PaymentPlansModule {}
