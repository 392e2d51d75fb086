import type { NextFunction, Request, Response } from 'express';
import { Attributes, context, Context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, TextMapGetter, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { METRICS_PATH, routeLabel } from './metrics';

/*
 * Distributed tracing with OpenTelemetry, instrumented by hand at the few places work crosses a
 * boundary (HTTP in and out, the outbox, Kafka, BullMQ, the message send) rather than by patching
 * libraries: automatic HTTP instrumentation would record full URLs, and a patient search's query
 * is a name or a date of birth. Attributes hold methods, route templates, topics, queue names,
 * channels and status codes only, never a path, a body or an error's message.
 *
 * Off unless an OTLP endpoint is configured (the standard OTEL_* variables): then no SDK is even
 * loaded, the API's no-op tracer answers, and nothing is written into messages or jobs.
 */

const TRACER = 'clinic-flow';

/** Whether the standard OTEL_* environment asks for traces to be exported over OTLP. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((s) => s.trim().toLowerCase());
  if (!exporters.includes('otlp')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

export interface TracingHandle {
  /** Exports what is buffered, then stops (at shutdown). */
  shutdown(): Promise<void>;
}

let active: TracingHandle | undefined;

/**
 * Starts exporting this process's spans over OTLP/HTTP when configured (see tracingEnabled):
 * batched (OTEL_BSP_* tune it), W3C trace context propagation, the async-local context manager.
 * The SDK is required only here, so a process without an endpoint never loads it.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingHandle | undefined {
  if (active || !tracingEnabled(env)) return active;
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName, 'service.namespace': 'clinic-flow' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  active = {
    shutdown: async () => {
      active = undefined;
      await provider.shutdown().catch(() => undefined);
    },
  };
  return active;
}

/** Exports what is buffered and stops tracing (at shutdown); nothing to do while off. */
export async function stopTracing(): Promise<void> {
  await active?.shutdown();
}

/** The tracer of this process (the no-op one while tracing is off). */
export function tracer() {
  return trace.getTracer(TRACER);
}

/** Kafka headers arrive as Buffers (or arrays of them); HTTP headers as strings. */
const carrierGetter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key] ?? carrier[key.toLowerCase()];
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || first === null) return undefined;
    return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  },
};

/** The trace context a message, job or request carries (W3C `traceparent`/`tracestate`). */
export function contextFrom(carrier: Record<string, unknown> | undefined | null, base: Context = ROOT_CONTEXT): Context {
  if (!carrier) return base;
  return propagation.extract(base, carrier, carrierGetter);
}

/**
 * The current trace context as W3C headers, to store with a pending event, put on a Kafka
 * message or in job data, or send on an HTTP call. Empty while tracing is off.
 */
export function traceHeaders(from: Context = context.active()): { traceparent?: string; tracestate?: string } {
  const carrier: { traceparent?: string; tracestate?: string } = {};
  propagation.inject(from, carrier);
  return carrier;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The context to continue (a message's or job's); the active one if not given. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new span that is active for everything it awaits, and ends it when `fn`
 * settles. A failure marks the span as an error by its type or code only: error messages can
 * echo patient data.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's code or class name (never its message). */
export function markFailed(span: Span, error: unknown): void {
  const type = (error as { code?: unknown })?.code ?? (error as Error)?.name ?? 'Error';
  span.setAttribute('error.type', String(type));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

const UNTRACED = new Set([METRICS_PATH, '/health', '/health/ready', '/health/live']);

/**
 * Express middleware: one SERVER span per request, continuing the caller's `traceparent`, named
 * by method and route template (`POST /api/v1/appointments`) once the router has matched it.
 * Health and metrics requests are not traced, nor the calls they make (pollers would fill the
 * traces with them).
 */
export function tracingMiddleware(req: Request, res: Response, next: NextFunction): void {
  // Nor what they cause: the gateway's health page asks every service.
  if (UNTRACED.has(req.path)) return context.with(suppressTracing(context.active()), () => next());
  const parent = contextFrom(req.headers as Record<string, unknown>);
  const span = tracer().startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.once('finish', () => {
    const route = routeLabel(req, res);
    span.updateName(`${req.method} ${route}`);
    span.setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  res.once('close', () => {
    if (!res.writableFinished) span.end();
  });
  context.with(trace.setSpan(parent, span), () => next());
}

export { SpanKind };
