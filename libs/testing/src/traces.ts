import path from 'node:path';
import { otlpReceiverUrl } from './infra';

/*
 * The e2e system exports its traces to a small OTLP/HTTP receiver (infra/lib/otlp-receiver.js)
 * that the e2e global setup starts on the test profile's port; tests ask it for one trace.
 */
const receiver = require(path.resolve(__dirname, '../../../infra/lib/otlp-receiver.js')) as {
  startOtlpReceiver(options: { port: number }): Promise<{ url: string; close(): Promise<void> }>;
};

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  service: string;
  attributes: Record<string, unknown>;
}

/** Starts the receiver on the profile's port (the e2e global setup does, before the services). */
export function startOtlpReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  return receiver.startOtlpReceiver({ port: Number(new URL(otlpReceiverUrl()).port) });
}

/** The spans of one trace the receiver holds so far. */
export async function traceSpans(traceId: string): Promise<ReceivedSpan[]> {
  const res = await fetch(`${otlpReceiverUrl()}/traces/${traceId}`);
  if (!res.ok) throw new Error(`OTLP receiver answered ${res.status}`);
  return (await res.json()) as ReceivedSpan[];
}
