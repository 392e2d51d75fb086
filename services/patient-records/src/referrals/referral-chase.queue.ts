import { Inject, Injectable } from '@nestjs/common';
import { ReferralStatus } from '@clinic-flow/contracts';
import { defineJobQueue, JobQueue } from '@clinic-flow/messaging';
import { workContext } from '@clinic-flow/platform';
import { chaseKey } from './referrals.rules';

/** Ids and the trace only: the job re-reads the referral when it runs. */
export interface ReferralChaseJobData {
  referralId: string;
  /** The status and step time the chase was planned for; a referral that moved on has another job (or none). */
  status: ReferralStatus;
  stepAt: string;
  correlationId: string;
}

export const ReferralChaseQueue = defineJobQueue<ReferralChaseJobData>({
  name: 'patient-records-referral-chase',
  jobId: (data) => `referral-chase_${chaseKey(data.referralId, data.status, new Date(data.stepAt))}`,
  attempts: 5,
  backoffMs: 2000,
});

/** Plans the chase of a referral's current step (a delayed BullMQ job on Redis). */
@Injectable()
export class ReferralChasePlanner {
  constructor(@Inject(ReferralChaseQueue.token) private readonly queue: JobQueue<ReferralChaseJobData>) {}

  async plan(referral: { _id: string; status: ReferralStatus; stepAt: Date }, dueAt: Date): Promise<void> {
    await this.queue.add(
      { referralId: referral._id, status: referral.status, stepAt: referral.stepAt.toISOString(), correlationId: workContext.correlationId() },
      { name: 'referral-chase', delayMs: dueAt.getTime() - Date.now() },
    );
  }
}
