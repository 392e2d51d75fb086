import { dataKeyProblems } from '@clinic-flow/crypto';
import type { SchedulingConfig } from './config';

/** Scheduling refuses, in production mode, to keep its copy of patient names without production data keys. */
export function productionProblems(config: SchedulingConfig): string[] {
  return dataKeyProblems(config);
}
