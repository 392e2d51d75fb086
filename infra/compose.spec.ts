import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
