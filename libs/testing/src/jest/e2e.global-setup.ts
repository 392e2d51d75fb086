import path from 'node:path';
import { startTestInfra, startTestSystem } from '../infra';
import { resetPatientIdentifiers } from '../patient-identifiers';
import { startOtlpReceiver } from '../traces';

/**
 * Starts (or reuses) the test infrastructure, builds, and starts every service for e2e tests; the
 * record of the run's test patients starts empty (the after-e2e project searches the logs for them);
 * the OTLP receiver the services export their traces to is started first.
 */
export default async function globalSetup(): Promise<void> {
  await startTestInfra();
  resetPatientIdentifiers();
  const { build } = require(path.resolve(__dirname, '../../../../tools/build/build.js')) as { build(o?: object): Promise<void> };
  await build({ log: () => undefined });
  // The services export their spans here (E2E_OVERRIDES); the tracing e2e reads one trace back.
  (globalThis as { __clinicFlowOtlp?: unknown }).__clinicFlowOtlp = await startOtlpReceiver();
  (globalThis as { __clinicFlowSystem?: unknown }).__clinicFlowSystem = await startTestSystem();
}
