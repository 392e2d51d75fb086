import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { PaymentPlanTickJobData, PaymentPlanTickPlanner, PaymentPlanTickQueue } from './payment-plan-tick.queue';
import { PaymentPlansService } from './payment-plans.service';

/** Charges the installments due and plans the next tick; a retry is harmless (one processor key per installment). */
export async function exec(job: Job<PaymentPlanTickJobData>, plans: PaymentPlansService, planner: PaymentPlanTickPlanner): Promise<number> {
  try {
    return await plans.chargeDue();
  } finally {
    await planner.planNext();
  }
}

export const paymentPlanTickWorker = jobWorker(PaymentPlanTickQueue, { inject: [PaymentPlansService, PaymentPlanTickPlanner], concurrency: 1, exec });
