import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { defineJobQueue, JobQueue } from '@clinic-flow/messaging';
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
    const slot = Math.floor(now / this.everyMs) + 1;
    await this.queue.add({ slot, correlationId: randomUUID() }, { name: 'statement-tick', delayMs: slot * this.everyMs - Date.now() });
  }
}
