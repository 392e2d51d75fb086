import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { contextFrom, inSpan, SpanKind, traceHeaders, tracingEnabled } from './tracing';

const { spansOf } = require('../../../infra/lib/otlp-receiver.js') as { spansOf(request: unknown): Array<{ traceId: string; service: string; attributes: Record<string, unknown> }> };

describe('tracingEnabled: the standard OTEL_* variables', () => {
  it('exports only when an OTLP endpoint is set and the SDK is not disabled', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });
});

describe('while tracing is off', () => {
  it('writes no trace context into messages and jobs', async () => {
    await inSpan('work', {}, async () => expect(traceHeaders()).toEqual({}));
  });
});

describe('spans across a message boundary', () => {
  const exporter = new InMemorySpanExporter();

  // What startTracing registers, with the spans kept in memory instead of exported.
  beforeAll(() => new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register());
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('continues the trace a Kafka message carries in its (Buffer) headers', async () => {
    let headers: Record<string, Buffer> = {};
    await inSpan('outbox publish', { kind: SpanKind.PRODUCER }, async () => {
      headers = Object.fromEntries(Object.entries(traceHeaders()).map(([k, v]) => [k, Buffer.from(v as string)]));
    });
    expect(Object.keys(headers)).toContain('traceparent');
    await inSpan('consume', { kind: SpanKind.CONSUMER, parent: contextFrom(headers) }, async () => undefined);
    const [producer, consumer] = exporter.getFinishedSpans();
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
  });

  it('nests the spans of awaited work and marks a failure by its code, never its message', async () => {
    const failure = Object.assign(new Error('no patient named Zephyrine Quill'), { code: 'PATIENT.NOT_FOUND' });
    await expect(inSpan('outer', {}, () => inSpan('inner', {}, async () => Promise.reject(failure)))).rejects.toBe(failure);
    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.attributes['error.type']).toBe('PATIENT.NOT_FOUND');
    expect(JSON.stringify([inner.attributes, inner.status, inner.events, outer.attributes, outer.status])).not.toContain('Zephyrine');
  });
});

describe('the test OTLP receiver', () => {
  it('reads spans, their service and attributes out of an OTLP JSON export', () => {
    const spans = spansOf({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'notification' } }] },
          scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'sms send', kind: 3, attributes: [{ key: 'clinic_flow.channel', value: { stringValue: 'sms' } }, { key: 'n', value: { intValue: '2' } }] }] }],
        },
      ],
    });
    expect(spans).toEqual([expect.objectContaining({ traceId: 'a'.repeat(32), service: 'notification', attributes: { 'clinic_flow.channel': 'sms', n: 2 } })]);
  });
});
