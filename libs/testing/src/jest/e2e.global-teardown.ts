import type { SystemHandle } from '../infra';

/** Stops the services and the OTLP receiver the e2e setup started (the infrastructure is stopped by npm test). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __clinicFlowSystem?: SystemHandle }).__clinicFlowSystem?.stop();
  await (globalThis as { __clinicFlowOtlp?: { close(): Promise<void> } }).__clinicFlowOtlp?.close();
}
