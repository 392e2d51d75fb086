import path from 'node:path';
import { startTestInfra, startTestSystem } from '../infra';

/** Starts (or reuses) the test infrastructure, builds, and starts every service for e2e tests. */
export default async function globalSetup(): Promise<void> {
  await startTestInfra();
  const { build } = require(path.resolve(__dirname, '../../../../tools/build/build.js')) as { build(o?: object): Promise<void> };
  await build({ log: () => undefined });
  (globalThis as { __clinicFlowSystem?: unknown }).__clinicFlowSystem = await startTestSystem();
}
