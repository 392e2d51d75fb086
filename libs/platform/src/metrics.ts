import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/*
 * Prometheus metrics of one service process: one registry (process metrics included, every
 * series labelled with the service), served at GET /metrics (see runService). The libraries add
 * their families here: HTTP (below), the database (MongoModule), the outbox, the consumers and
 * the jobs (libs/messaging). Families are got-or-created by name, so two parts of a service that
 * record the same family (two consumer groups, two relays) share it.
 */

/** Where every service serves its metrics; internal, like /health (never in an OpenAPI document, so never routed by the gateway). */
export const METRICS_PATH = '/metrics';

/** Buckets for request and operation latencies, in seconds (1 ms to 10 s). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Buckets for lateness and ages, in seconds (10 ms to 1 h). */
export const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** Something read when Prometheus scrapes (queue depths, consumer lag): it sets its gauges and returns. */
export type ScrapeCollector = () => Promise<void>;

/** How long one scrape waits for a collector; one that takes longer leaves its gauges as they were. */
const COLLECT_TIMEOUT_MS = 2000;

export class Metrics {
  readonly registry = new Registry();
  private readonly collectors = new Map<string, ScrapeCollector>();

  constructor(
    readonly service: string,
    options: { processMetrics?: boolean } = {},
  ) {
    this.registry.setDefaultLabels({ service });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return (this.registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return (this.registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets = LATENCY_BUCKETS): Histogram<L> {
    return (this.registry.getSingleMetric(name) as Histogram<L> | undefined) ?? new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** Runs `collect` before each scrape (under `name`: registering the same name again replaces it). */
  onScrape(name: string, collect: ScrapeCollector): void {
    this.collectors.set(name, collect);
  }

  removeCollector(name: string): void {
    this.collectors.delete(name);
  }

  /** The exposition text, after the collectors ran (each bounded in time; a failing one is counted, not fatal). */
  async exposition(): Promise<string> {
    const failures = this.counter('metrics_collector_failures_total', 'Scrape-time collectors (lag, queue depth) that failed or timed out.', ['collector']);
    await Promise.all(
      [...this.collectors].map(async ([name, collect]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([collect(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), COLLECT_TIMEOUT_MS)))]);
        } catch {
          failures.inc({ collector: name });
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A route whose template the router does not know (the gateway's forwarding) names it here. */
export function setMetricsRoute(res: Response, template: string): void {
  res.locals.metricsRoute = template;
}

/**
 * The route label of a request: the template it matched (`/appointments/{id}/cancel`), never the
 * path with its ids, so the series stay few. Express's `:id` and `*path` become OpenAPI's `{id}`
 * and `{*path}`; a request no route matched is `unmatched`.
 */
export function routeLabel(req: Pick<Request, 'baseUrl'> & { route?: { path?: unknown } }, res: Pick<Response, 'locals'>): string {
  const named = res.locals?.metricsRoute;
  if (typeof named === 'string' && named) return named;
  const path = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  const full = `${req.baseUrl ?? ''}${path}`
    .replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    .replace(/(^|[^{])\*([A-Za-z0-9_]+)/g, '$1{*$2}')
    .replace(/\/+$/, '');
  return full || '/';
}

/** `2xx`, `4xx`, ... of a status code. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Express middleware recording every request's latency by method, route template and status. */
export function httpMetricsMiddleware(metrics: Metrics) {
  const duration = metrics.histogram('http_request_duration_seconds', 'HTTP request latency by route template.', ['method', 'route', 'status_class']);
  const requests = metrics.counter('http_requests_total', 'HTTP requests by route template and status code.', ['method', 'route', 'status']);
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeLabel(req, res);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      duration.observe({ method: req.method, route, status_class: statusClass(res.statusCode) }, seconds);
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
