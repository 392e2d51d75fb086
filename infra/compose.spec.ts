import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ZodTypeAny } from 'zod';
import { ConsumerMetrics, JobMetrics, OutboxMetrics } from '@clinic-flow/messaging';
import { httpMetricsMiddleware, instrumentMongoCommands, Metrics } from '@clinic-flow/platform';

/*
 * docker-compose.yml cannot be run on machines without Docker, so it is kept honest here against
 * the service registry (infra/services.js) and each service's own config schema: it must parse,
 * define every service on its port, with the infrastructure it needs, and an environment its
 * config schema accepts.
 */
const { SERVICES, urlVariable } = require('./services') as {
  SERVICES: Array<{ name: string; port: number; infra: string[]; calls: string[] }>;
  urlVariable(name: string): string;
};
const { COMPONENTS } = require('./infra') as { COMPONENTS: string[] };
/** Compose names the mail component after the image it runs. */
const COMPOSE_NAME: Record<string, string> = { mail: 'maildev' };
const composeName = (component: string) => COMPOSE_NAME[component] ?? component;

const schemas: Record<string, ZodTypeAny> = Object.fromEntries(
  SERVICES.map(({ name }) => [name, (require(`../services/${name}/src/config`) as { configSchema: ZodTypeAny }).configSchema]),
);

const compose = parse(fs.readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { environment?: Record<string, string | number>; build?: { args?: { SERVICE?: string } }; depends_on?: Record<string, unknown> | string[]; volumes?: string[]; image?: string }
  >;
};

/** What an operator provides for the variables compose requires (`${VAR:?message}`): production-grade values. */
const provided: Record<string, string> = (() => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'prod-2026-12', alg: 'ES256' };
  const { d: _d, ...publicJwk } = jwk;
  return {
    JWT_PRIVATE_KEY: JSON.stringify(jwk),
    JWT_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk] }),
    NOTIFICATION_SECRET: randomBytes(48).toString('base64url'),
    PATIENT_RECORDS_SECRET: randomBytes(48).toString('base64url'),
    DATA_KEYS: JSON.stringify({
      current: 'prod-2026-12',
      keys: [{ id: 'prod-2026-12', key: randomBytes(32).toString('base64'), createdAt: '2026-12-01T00:00:00.000Z' }],
      indexKey: randomBytes(32).toString('base64'),
    }),
    SMTP_URL: 'smtps://smtp.mail-provider.example:465',
    SMS_API_URL: 'https://api.sms-provider.example',
  };
})();

/** Compose's interpolation: ${VAR:-default} gives the default (a fresh `docker compose up`), ${VAR:?message} what the operator provides. */
const interpolate = (value: string | number) =>
  String(value)
    .replace(/\$\{([A-Z_]+):-([^}]*)\}/g, '$2')
    .replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_, name: string) => {
      if (!(name in provided)) throw new Error(`compose requires ${name}: add a value to \`provided\` in this test`);
      return provided[name];
    });

/** Variables that hold a secret or key: compose must require them, never fall back to a value anyone can read here. */
const SECRET_VARIABLE = /(SECRET|PASSWORD|PRIVATE_KEY|API_KEY|JWT_PUBLIC_KEYS|DATA_KEYS)$/;

const { commonProductionProblems } = require('../libs/platform/src/production') as { commonProductionProblems(env: NodeJS.ProcessEnv): string[] };
const productionChecks = (name: string): ((config: unknown) => string[]) | undefined => {
  const file = path.join(__dirname, '..', 'services', name, 'src', 'production.ts');
  return fs.existsSync(file) ? (require(file) as { productionProblems(config: unknown): string[] }).productionProblems : undefined;
};

describe('docker-compose.yml', () => {
  it('has the infrastructure and every service', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining([...COMPONENTS.map(composeName), ...Object.keys(schemas)]));
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('runs %s on its port, after the databases and brokers it needs', (name, spec) => {
    const service = compose.services[name];
    expect(Number(service.environment?.PORT)).toBe(spec.port);
    const stateful = spec.infra.filter((c) => ['kafka', 'mongo', 'redis'].includes(c)).map(composeName);
    expect(Object.keys(service.depends_on ?? {})).toEqual(expect.arrayContaining(stateful));
  });

  it.each(Object.keys(schemas))('gives %s an environment its config schema accepts', (name) => {
    const service = compose.services[name];
    expect(service.build?.args?.SERVICE).toBe(name);
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
    const result = schemas[name].safeParse(env);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it.each(Object.keys(schemas))('requires every secret and key of %s instead of falling back to a default', (name) => {
    const fallbacks = Object.entries(compose.services[name].environment ?? {})
      .filter(([key, value]) => SECRET_VARIABLE.test(key) && !/^\$\{[A-Z_]+:\?.+\}$/.test(String(value)))
      .map(([key, value]) => `${key}: ${value}`);
    expect(fallbacks).toEqual([]);
  });

  it.each(Object.keys(schemas))('runs %s in production mode, which accepts the environment an operator completes', (name) => {
    const env = Object.fromEntries(Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
    expect(env.NODE_ENV).toBe('production');
    const config = schemas[name].parse(env);
    expect([...commonProductionProblems(env), ...(productionChecks(name)?.(config) ?? [])]).toEqual([]);
  });

  it.each(SERVICES.filter((s) => s.calls.length).map((s) => [s.name, s.calls] as const))('points %s at every service it calls by its compose name and port', (name, calls) => {
    const env = compose.services[name].environment!;
    for (const callee of calls) {
      const port = compose.services[callee].environment!.PORT;
      expect(env[urlVariable(callee)]).toBe(`http://${callee}:${port}`);
    }
  });
});

/** PromQL words that are not metric names. */
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names a PromQL expression reads (labels, strings, ranges and function names left out). */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]).filter((name) => !PROMQL_WORDS.has(name));
}

/** Every series name the services export: the families of libs/platform and libs/messaging, histograms expanded. */
async function exportedSeriesNames(): Promise<Set<string>> {
  const metrics = new Metrics('compose-spec');
  httpMetricsMiddleware(metrics);
  instrumentMongoCommands(new EventEmitter() as never, metrics);
  new ConsumerMetrics(metrics, 'group');
  new OutboxMetrics(metrics);
  new JobMetrics(metrics);
  const families = await metrics.registry.getMetricsAsJSON();
  return new Set(families.flatMap(({ name, type }) => (String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : String(type) === 'summary' ? [name, `${name}_sum`, `${name}_count`] : [name])));
}

describe('docker-compose.yml metrics (Prometheus and Grafana)', () => {
  const observability = path.join(__dirname, 'observability');
  const prometheus = parse(fs.readFileSync(path.join(observability, 'prometheus.yml'), 'utf8')) as {
    scrape_configs: Array<{ metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
  };
  const dashboard = JSON.parse(fs.readFileSync(path.join(observability, 'grafana', 'dashboards', 'clinic-flow.json'), 'utf8')) as {
    panels: Array<{ type: string; title: string; datasource?: { uid: string }; targets?: Array<{ expr: string }> }>;
  };
  const datasources = parse(fs.readFileSync(path.join(observability, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as {
    datasources: Array<{ uid: string; url: string; type: string }>;
  };

  it('runs Prometheus with its configuration and Grafana with the provisioning and dashboards of this repository', () => {
    expect(compose.services.prometheus.volumes).toEqual(expect.arrayContaining(['./infra/observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro']));
    expect(compose.services.grafana.volumes).toEqual(
      expect.arrayContaining(['./infra/observability/grafana/provisioning:/etc/grafana/provisioning:ro', './infra/observability/grafana/dashboards:/etc/grafana/dashboards:ro']),
    );
    const provider = parse(fs.readFileSync(path.join(observability, 'grafana', 'provisioning', 'dashboards', 'clinic-flow.yml'), 'utf8')) as { providers: Array<{ options: { path: string } }> };
    expect(provider.providers.map((p) => p.options.path)).toEqual(['/etc/grafana/dashboards']);
    expect(compose.services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{[A-Z_]+:\?.+\}$/);
  });

  it("sends every service's traces to the compose Jaeger, whose OTLP/HTTP receiver is on", () => {
    const jaeger = compose.services.jaeger as { image?: string; environment?: Record<string, string>; ports?: string[] };
    expect(jaeger.image).toMatch(/^jaegertracing\/all-in-one:/);
    expect(jaeger.environment?.COLLECTOR_OTLP_ENABLED).toBe('true');
    expect(jaeger.ports).toEqual(expect.arrayContaining(['16686:16686', '4318:4318']));
    for (const { name } of SERVICES) expect([name, interpolate(compose.services[name].environment!.OTEL_EXPORTER_OTLP_ENDPOINT)]).toEqual([name, 'http://jaeger:4318']);
  });

  it('scrapes /metrics of every service at its compose name and port', () => {
    const jobs = prometheus.scrape_configs;
    expect(jobs.map((j) => j.metrics_path ?? '/metrics')).toEqual(jobs.map(() => '/metrics'));
    const targets = jobs.flatMap((j) => j.static_configs.flatMap((c) => c.targets)).sort();
    expect(targets).toEqual(SERVICES.map((s) => `${s.name}:${compose.services[s.name].environment!.PORT}`).sort());
  });

  it("points Grafana's data source at the compose Prometheus, and every panel at that data source", () => {
    const port = (compose.services.prometheus as { ports?: string[] }).ports?.[0]?.split(':').pop();
    expect(datasources.datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: `http://prometheus:${port}` })]);
    const uid = datasources.datasources[0].uid;
    const graphs = dashboard.panels.filter((p) => p.type !== 'row');
    expect(graphs.filter((p) => p.datasource?.uid !== uid).map((p) => p.title)).toEqual([]);
  });

  it('draws only metrics the services export (a renamed metric breaks this, not the dashboard)', async () => {
    const exported = await exportedSeriesNames();
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(10);
    const unknown = exprs.flatMap((expr) => metricNamesIn(expr).filter((name) => !exported.has(name)).map((name) => `${name} in ${expr}`));
    expect(unknown).toEqual([]);
    // The families issue 13 asks for are all on the dashboard.
    const drawn = new Set(exprs.flatMap(metricNamesIn));
    for (const family of ['http_requests_total', 'http_request_duration_seconds_bucket', 'outbox_pending_events', 'outbox_oldest_pending_age_seconds', 'kafka_consumer_lag', 'events_handled_total', 'events_retried_total', 'events_skipped_total', 'events_dead_lettered_total', 'job_queue_depth', 'job_lateness_seconds_bucket', 'db_operation_duration_seconds_bucket']) {
      expect([family, drawn.has(family)]).toEqual([family, true]);
    }
  });

  it('reads metric names out of PromQL', () => {
    expect(metricNamesIn('histogram_quantile(0.95, sum by (service, le) (rate(x_bucket{status=~"5..", a="b"}[5m]))) / y_total')).toEqual(['x_bucket', 'y_total']);
  });
});
