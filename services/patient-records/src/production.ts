import { dataKeyProblems } from '@clinic-flow/crypto';
import type { PatientRecordsConfig } from './config';

/** Patient-records refuses, in production mode, to store patient data without production data keys. */
export function productionProblems(config: PatientRecordsConfig): string[] {
  return dataKeyProblems(config);
}
