import { Job } from 'bullmq';
import { jobWorker } from '@clinic-flow/messaging';
import { AuthorizationExpiryJobData, AuthorizationExpiryPlanner, AuthorizationExpiryQueue } from './authorization-expiry.queue';
import { AuthorizationsService } from './authorizations.service';

/** Runs one daily sweep and plans the next; exported for tests. A retry sweeps again (expiring is idempotent). */
export async function exec(job: Job<AuthorizationExpiryJobData>, authorizations: AuthorizationsService, planner: AuthorizationExpiryPlanner): Promise<number> {
  const expired = await authorizations.expireDue();
  await planner.planNext();
  return expired;
}

export const authorizationExpiryWorker = jobWorker(AuthorizationExpiryQueue, { inject: [AuthorizationsService, AuthorizationExpiryPlanner], concurrency: 1, exec });
