import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ZodTypeAny } from 'zod';
import { configSchema as gateway } from '../services/api-gateway/src/config';
import { configSchema as billing } from '../services/billing/src/config';
import { configSchema as insurance } from '../services/insurance/src/config';
import { configSchema as notification } from '../services/notification/src/config';
import { configSchema as patientRecords } from '../services/patient-records/src/config';
import { configSchema as scheduling } from '../services/scheduling/src/config';

/*
 * docker-compose.yml cannot be run on machines without Docker, so it is kept honest here: it must
 * parse, define every service, and give each one an environment its config schema accepts.
 */
const schemas: Record<string, ZodTypeAny> = {
  'api-gateway': gateway,
  scheduling,
  'patient-records': patientRecords,
  insurance,
  billing,
  notification,
};

const compose = parse(fs.readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string | number>; build?: { args?: { SERVICE?: string } }; depends_on?: Record<string, unknown> }>;
};

/** Compose's ${VAR:-default} interpolation, with the defaults (what a fresh `docker compose up` sees). */
const interpolate = (value: string | number) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  it('has the infrastructure and every service', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'mongo', 'redis', 'maildev', 'sms-sink', ...Object.keys(schemas)]));
  });

  it.each(Object.keys(schemas))('gives %s an environment its config schema accepts', (name) => {
    const service = compose.services[name];
    expect(service.build?.args?.SERVICE).toBe(name);
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
    const result = schemas[name].safeParse(env);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('points the gateway at every service by its compose name and port', () => {
    const env = compose.services['api-gateway'].environment!;
    for (const name of ['scheduling', 'patient-records', 'insurance', 'billing', 'notification']) {
      const key = `${name.toUpperCase().replace('-', '_')}_URL`;
      const port = compose.services[name].environment!.PORT;
      expect(env[key]).toBe(`http://${name}:${port}`);
    }
  });
});
