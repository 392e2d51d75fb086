import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ZodTypeAny } from 'zod';

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
  services: Record<string, { environment?: Record<string, string | number>; build?: { args?: { SERVICE?: string } }; depends_on?: Record<string, unknown> }>;
};

/** Compose's ${VAR:-default} interpolation, with the defaults (what a fresh `docker compose up` sees). */
const interpolate = (value: string | number) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

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

  it.each(SERVICES.filter((s) => s.calls.length).map((s) => [s.name, s.calls] as const))('points %s at every service it calls by its compose name and port', (name, calls) => {
    const env = compose.services[name].environment!;
    for (const callee of calls) {
      const port = compose.services[callee].environment!.PORT;
      expect(env[urlVariable(callee)]).toBe(`http://${callee}:${port}`);
    }
  });
});
