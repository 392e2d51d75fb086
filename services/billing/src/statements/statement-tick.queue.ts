import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { defineJobQueue, JobQueue, jobSource, PlannedJob } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';
import { parseDuration } from './statements.rules';

/** One tick per time slot, whichever instance plans it (the slot is the job id). */
export interface StatementTickJobData {
  slot: number;
  correlationId: string;
}

export const StatementTickQueue = defineJobQueue<StatementTickJobData>({
  name: 'billing-statement-tick',
  jobId: (data) => `statement-tick_${data.slot}`,
  attempts: 3,
  backoffMs: 5_000,
  keepCompletedSeconds: 24 * 3600,
});

/** Plans the next statement tick (STATEMENT_TICK_EVERY) at start and after each tick. */
@Injectable()
export class StatementTickPlanner implements OnApplicationBootstrap {
  private readonly logger = new Logger(StatementTickPlanner.name);
  private readonly everyMs: number;

  constructor(
    @Inject(StatementTickQueue.token) private readonly queue: JobQueue<StatementTickJobData>,
    @Inject(APP_CONFIG) config: BillingConfig,
  ) {
    this.everyMs = parseDuration(config.STATEMENT_TICK_EVERY, 'STATEMENT_TICK_EVERY');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.planNext().catch((error) => this.logger.warn(`the statement tick could not be planned: ${errorMessageForLog(error)}`));
  }

  async planNext(now = Date.now()): Promise<void> {
    const next = this.next(now);
    await this.queue.add(next.data, { name: next.name, delayMs: next.dueAt.getTime() - Date.now() });
  }

  /** The tick of the next slot after `now`. */
  next(now = Date.now()): PlannedJob<StatementTickJobData> {
    const slot = Math.floor(now / this.everyMs) + 1;
    return { data: { slot, correlationId: randomUUID() }, dueAt: new Date(slot * this.everyMs), name: 'statement-tick' };
  }
}

/** The next tick is always planned (see JobReconciler): Redis losing it must not stop the ticks. */
export const statementTickSource = jobSource(StatementTickQueue, { inject: [StatementTickPlanner], planned: async (planner: StatementTickPlanner) => [planner.next()] });
