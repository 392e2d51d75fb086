import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { defineJobQueue, JobQueue, jobSource } from '@clinic-flow/messaging';
import { errorMessageForLog } from '@clinic-flow/platform';

/** The day the sweep is for: one job per day whichever instance plans it. */
export interface AuthorizationExpiryJobData {
  day: string;
  correlationId: string;
}

export const AuthorizationExpiryQueue = defineJobQueue<AuthorizationExpiryJobData>({
  name: 'insurance-authorization-expiry',
  jobId: (data) => `authorization-expiry_${data.day}`,
  attempts: 5,
  backoffMs: 60_000,
});

/** When the daily sweep runs: five past midnight in the network's home zone. */
export function nextSweep(now: Date): { day: string; at: Date } {
  const next = DateTime.fromJSDate(now).setZone('America/New_York').plus({ days: 1 }).startOf('day').plus({ minutes: 5 });
  return { day: next.toFormat('yyyy-MM-dd'), at: next.toJSDate() };
}

/** Plans tomorrow's expiry sweep at start and after each sweep (the job id is the day: planned once). */
@Injectable()
export class AuthorizationExpiryPlanner implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthorizationExpiryPlanner.name);

  constructor(@Inject(AuthorizationExpiryQueue.token) private readonly queue: JobQueue<AuthorizationExpiryJobData>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.planNext().catch((error) => this.logger.warn(`the authorization expiry sweep could not be planned: ${errorMessageForLog(error)}`));
  }

  async planNext(now = new Date()): Promise<void> {
    const { day, at } = nextSweep(now);
    await this.queue.add({ day, correlationId: randomUUID() }, { name: 'authorization-expiry', delayMs: at.getTime() - Date.now() });
  }
}

/** Tomorrow's sweep is always planned (see JobReconciler): Redis losing it must not stop the sweeps. */
export const authorizationExpirySource = jobSource(AuthorizationExpiryQueue, {
  inject: [],
  planned: async () => {
    const { day, at } = nextSweep(new Date());
    return [{ data: { day, correlationId: randomUUID() }, dueAt: at, name: 'authorization-expiry' }];
  },
});
