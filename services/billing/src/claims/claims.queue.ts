import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Duration } from 'luxon';
import { defineJobQueue, JobQueue, jobSource, PlannedJob } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';

export interface ClaimSubmitRetryJobData {
  claimId: string;
  attempt: number;
  correlationId: string;
}

/** A claim the clearinghouse could not take, sent again later (CLAIM_SUBMIT_RETRY_DELAYS). */
export const ClaimSubmitRetryQueue = defineJobQueue<ClaimSubmitRetryJobData>({
  name: 'billing-claim-submit-retry',
  jobId: (d) => `claim-submit_${d.claimId}_${d.attempt}`,
  attempts: 3,
  backoffMs: 10_000,
  keepCompletedSeconds: 24 * 3600,
});

export interface ClearinghousePollJobData {
  slot: number;
  correlationId: string;
}

/** Fetches the clearinghouse's reports (277CA, 835) every CLEARINGHOUSE_POLL_EVERY. */
export const ClearinghousePollQueue = defineJobQueue<ClearinghousePollJobData>({
  name: 'billing-clearinghouse-poll',
  jobId: (d) => `clearinghouse-poll_${d.slot}`,
  attempts: 3,
  backoffMs: 5_000,
  keepCompletedSeconds: 24 * 3600,
});

export function parseDurations(text: string, name: string): number[] {
  return text.split(',').map((part) => {
    const ms = Duration.fromISO(part.trim()).toMillis();
    if (!Number.isFinite(ms) || ms <= 0) throw new Error(`${name} must be ISO durations such as PT5M, got "${part}"`);
    return ms;
  });
}

@Injectable()
export class ClaimJobsPlanner implements OnApplicationBootstrap {
  private readonly logger = new Logger(ClaimJobsPlanner.name);
  private readonly pollEveryMs: number;
  private readonly retryDelaysMs: number[];

  constructor(
    @Inject(ClaimSubmitRetryQueue.token) private readonly retries: JobQueue<ClaimSubmitRetryJobData>,
    @Inject(ClearinghousePollQueue.token) private readonly polls: JobQueue<ClearinghousePollJobData>,
    @Inject(APP_CONFIG) config: BillingConfig,
  ) {
    this.pollEveryMs = parseDurations(config.CLEARINGHOUSE_POLL_EVERY, 'CLEARINGHOUSE_POLL_EVERY')[0];
    this.retryDelaysMs = parseDurations(config.CLAIM_SUBMIT_RETRY_DELAYS, 'CLAIM_SUBMIT_RETRY_DELAYS');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.planNextPoll().catch((error) => this.logger.warn(`the clearinghouse poll could not be planned: ${errorMessageForLog(error)}`));
  }

  async planNextPoll(now = Date.now()): Promise<void> {
    const next = this.nextPoll(now);
    await this.polls.add(next.data, { name: next.name, delayMs: next.dueAt.getTime() - Date.now() });
  }

  /** The poll of the next slot after `now`. */
  nextPoll(now = Date.now()): PlannedJob<ClearinghousePollJobData> {
    const slot = Math.floor(now / this.pollEveryMs) + 1;
    return { data: { slot, correlationId: randomUUID() }, dueAt: new Date(slot * this.pollEveryMs), name: 'clearinghouse-poll' };
  }

  /** Plans attempt `attempt` (1-based) of sending a claim again; false when the delays are used up (a person sends it). */
  async planRetry(claimId: string, attempt: number): Promise<boolean> {
    const delay = this.retryDelaysMs[attempt - 1];
    if (delay === undefined) return false;
    await this.retries.add({ claimId, attempt, correlationId: randomUUID() }, { name: 'claim-submit-retry', delayMs: delay });
    return true;
  }
}

/** The next clearinghouse poll is always planned (see JobReconciler): Redis losing it must not stop the polls. */
export const clearinghousePollSource = jobSource(ClearinghousePollQueue, { inject: [ClaimJobsPlanner], planned: async (planner: ClaimJobsPlanner) => [planner.nextPoll()] });
