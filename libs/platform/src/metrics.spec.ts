import { EventEmitter } from 'node:events';
import express from 'express';
import request from 'supertest';
import { httpMetricsMiddleware, Metrics, routeLabel, setMetricsRoute, statusClass } from './metrics';
import { findSamples, parsePrometheusText, sumSamples } from './metrics-text';
import { instrumentMongoCommands } from './mongo';

const res = (locals: Record<string, unknown> = {}) => ({ locals }) as never;

describe('routeLabel', () => {
  it('names the route template with OpenAPI parameters, never the path with its ids', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/appointments/:id/cancel' } }, res())).toBe('/appointments/{id}/cancel');
    expect(routeLabel({ baseUrl: '/api/v1', route: { path: '/patients/:patientId/documents/:documentId' } }, res())).toBe('/api/v1/patients/{patientId}/documents/{documentId}');
  });

  it("writes express's wildcards as OpenAPI-style names, once", () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/v1/*path' } }, res())).toBe('/api/v1/{*path}');
    expect(routeLabel({ baseUrl: '', route: { path: '/api/v1/{*path}' } }, res())).toBe('/api/v1/{*path}');
  });

  it('prefers the template a handler named (the gateway forwards under a catch-all)', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/v1/*path' } }, res({ metricsRoute: '/api/v1/appointments/{id}' }))).toBe('/api/v1/appointments/{id}');
  });

  it('calls a request no route matched unmatched, and the root /', () => {
    expect(routeLabel({ baseUrl: '' }, res())).toBe('unmatched');
    expect(routeLabel({ baseUrl: '', route: { path: '/' } }, res())).toBe('/');
    expect(routeLabel({ baseUrl: '', route: { path: '/health/live/' } }, res())).toBe('/health/live');
  });

  it('classes status codes', () => {
    expect([200, 201, 304, 404, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '5xx']);
  });
});

describe('httpMetricsMiddleware', () => {
  const appWith = (metrics: Metrics) => {
    const app = express();
    app.use(httpMetricsMiddleware(metrics));
    app.get('/appointments/:id', (req, r) => void r.status(req.params.id === 'missing' ? 404 : 200).json({}));
    app.post('/forward/*rest', (_req, r) => {
      setMetricsRoute(r, '/api/v1/slots/{id}/hold');
      r.status(201).json({});
    });
    return app;
  };

  it('counts requests and observes their latency per route template and status', async () => {
    const metrics = new Metrics('test-service', { processMetrics: false });
    const app = appWith(metrics);
    await request(app).get('/appointments/a1').expect(200);
    await request(app).get('/appointments/a2').expect(200);
    await request(app).get('/appointments/missing').expect(404);
    await request(app).post('/forward/slots/s1/hold').expect(201);
    await request(app).get('/nowhere/at/all').expect(404);
    const samples = parsePrometheusText(await metrics.exposition());

    const route = '/appointments/{id}';
    expect(sumSamples(samples, 'http_requests_total', { route, status: '200', method: 'GET', service: 'test-service' })).toBe(2);
    expect(sumSamples(samples, 'http_requests_total', { route, status: '404' })).toBe(1);
    expect(sumSamples(samples, 'http_request_duration_seconds_count', { route, status_class: '2xx' })).toBe(2);
    expect(sumSamples(samples, 'http_request_duration_seconds_count', { route, status_class: '4xx' })).toBe(1);
    expect(sumSamples(samples, 'http_request_duration_seconds_bucket', { route, status_class: '2xx', le: '+Inf' })).toBe(2);
    expect(sumSamples(samples, 'http_requests_total', { route: '/api/v1/slots/{id}/hold', method: 'POST', status: '201' })).toBe(1);
    expect(sumSamples(samples, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    // No series carries an id from a path.
    expect(findSamples(samples, 'http_requests_total').map((s) => s.labels.route).join(' ')).not.toMatch(/a1|a2|missing|s1|nowhere/);
  });
});

describe('Metrics', () => {
  it('runs scrape collectors and counts one that fails, without failing the scrape', async () => {
    const metrics = new Metrics('svc', { processMetrics: false });
    const depth = metrics.gauge('queue_depth_test', 'depth', ['queue']);
    metrics.onScrape('ok', async () => void depth.set({ queue: 'reminders' }, 7));
    metrics.onScrape('broken', async () => {
      throw new Error('redis down');
    });
    const samples = parsePrometheusText(await metrics.exposition());
    expect(sumSamples(samples, 'queue_depth_test', { queue: 'reminders' })).toBe(7);
    expect(sumSamples(samples, 'metrics_collector_failures_total', { collector: 'broken' })).toBe(1);
    expect(findSamples(samples, 'metrics_collector_failures_total', { collector: 'ok' })).toEqual([]);
  });

  it('shares a family between the parts of a service that record it', () => {
    const metrics = new Metrics('svc', { processMetrics: false });
    expect(metrics.counter('x_total', 'x', ['a'])).toBe(metrics.counter('x_total', 'x', ['a']));
  });

  it('exports process metrics labelled with the service', async () => {
    const samples = parsePrometheusText(await new Metrics('scheduling').exposition());
    expect(findSamples(samples, 'process_cpu_seconds_total', { service: 'scheduling' })).toHaveLength(1);
  });
});

describe('instrumentMongoCommands', () => {
  it('observes command latency by command and collection, and leaves the driver\'s own commands out', async () => {
    const metrics = new Metrics('svc', { processMetrics: false });
    const client = new EventEmitter();
    instrumentMongoCommands(client as never, metrics);
    client.emit('commandStarted', { requestId: 1, commandName: 'find', command: { find: 'appointments', filter: {} } });
    client.emit('commandSucceeded', { requestId: 1, commandName: 'find', duration: 12 });
    client.emit('commandStarted', { requestId: 2, commandName: 'update', command: { update: 'appointments' } });
    client.emit('commandFailed', { requestId: 2, commandName: 'update', duration: 3 });
    client.emit('commandStarted', { requestId: 3, commandName: 'ping', command: { ping: 1 } });
    client.emit('commandSucceeded', { requestId: 3, commandName: 'ping', duration: 1 });
    const samples = parsePrometheusText(await metrics.exposition());
    expect(sumSamples(samples, 'db_operation_duration_seconds_count', { command: 'find', collection: 'appointments', outcome: 'ok' })).toBe(1);
    expect(sumSamples(samples, 'db_operation_duration_seconds_sum', { command: 'find', collection: 'appointments' })).toBeCloseTo(0.012);
    expect(sumSamples(samples, 'db_operation_duration_seconds_count', { command: 'update', outcome: 'error' })).toBe(1);
    expect(findSamples(samples, 'db_operation_duration_seconds_count', { command: 'ping' })).toEqual([]);
  });
});

describe('parsePrometheusText', () => {
  it('reads names, escaped label values, special values and skips comments', () => {
    const text = [
      '# HELP a_total A counter.',
      '# TYPE a_total counter',
      'a_total{route="/x/{id}",msg="say \\"hi\\"\\nback\\\\slash"} 3',
      'b 1.5e-3 1700000000000',
      'c_bucket{le="+Inf"} +Inf',
      '',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'a_total', labels: { route: '/x/{id}', msg: 'say "hi"\nback\\slash' }, value: 3 },
      { name: 'b', labels: {}, value: 0.0015 },
      { name: 'c_bucket', labels: { le: '+Inf' }, value: Infinity },
    ]);
  });

  it('fails on a line it cannot read', () => {
    expect(() => parsePrometheusText('a{route="x} 1')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('a{route="x"} many')).toThrow(/not a sample value/);
  });
});
