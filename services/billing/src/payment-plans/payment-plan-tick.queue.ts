import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { defineJobQueue, JobQueue, jobSource, PlannedJob } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';
import { parseTickInterval } from './payment-plans.rules';

export interface PaymentPlanTickJobData {
  slot: number;
  correlationId: string;
}

export const PaymentPlanTickQueue = defineJobQueue<PaymentPlanTickJobData>({
  name: 'billing-payment-plan-tick',
  jobId: (data) => `payment-plan-tick_${data.slot}`,
  attempts: 3,
  backoffMs: 5_000,
  keepCompletedSeconds: 24 * 3600,
});

/** Plans the next payment plan tick (PAYMENT_PLAN_TICK_EVERY) at start and after each tick. */
@Injectable()
export class PaymentPlanTickPlanner implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentPlanTickPlanner.name);
  private readonly everyMs: number;

  constructor(
    @Inject(PaymentPlanTickQueue.token) private readonly queue: JobQueue<PaymentPlanTickJobData>,
    @Inject(APP_CONFIG) config: BillingConfig,
  ) {
    this.everyMs = parseTickInterval(config.PAYMENT_PLAN_TICK_EVERY);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.planNext().catch((error) => this.logger.warn(`the payment plan tick could not be planned: ${errorMessageForLog(error)}`));
  }

  async planNext(now = Date.now()): Promise<void> {
    const next = this.next(now);
    await this.queue.add(next.data, { name: next.name, delayMs: next.dueAt.getTime() - Date.now() });
  }

  /** The tick of the next slot after `now`. */
  next(now = Date.now()): PlannedJob<PaymentPlanTickJobData> {
    const slot = Math.floor(now / this.everyMs) + 1;
    return { data: { slot, correlationId: randomUUID() }, dueAt: new Date(slot * this.everyMs), name: 'payment-plan-tick' };
  }
}

/** The next tick is always planned (see JobReconciler): Redis losing it must not stop the ticks. */
export const paymentPlanTickSource = jobSource(PaymentPlanTickQueue, { inject: [PaymentPlanTickPlanner], planned: async (planner: PaymentPlanTickPlanner) => [planner.next()] });
