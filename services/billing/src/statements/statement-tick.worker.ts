import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { StatementTickJobData, StatementTickPlanner, StatementTickQueue } from './statement-tick.queue';
import { StatementsService } from './statements.service';

/** Runs one tick (statements due, dunning levels reached) and plans the next; a retry is harmless (statement ids are per day and level). */
export async function exec(job: Job<StatementTickJobData>, statements: StatementsService, planner: StatementTickPlanner): Promise<number> {
  try {
    return await statements.tick();
  } finally {
    await planner.planNext();
  }
}

export const statementTickWorker = jobWorker(StatementTickQueue, { inject: [StatementsService, StatementTickPlanner], concurrency: 1, exec });
