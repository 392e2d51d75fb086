/*
 * What a service refuses to start with when NODE_ENV=production: secrets and keys that are known
 * or made for development, demo users and data, and (per service) development sinks. Each problem
 * names the variable, so the operator knows what to set. Development and tests are unaffected.
 */

/** Values that have been published with this project (compose fallbacks, demo defaults). */
const KNOWN_SECRETS = ['change-me-this-is-a-development-secret-only', 'clinic-flow-demo'];

/** Environment variables that hold a secret. */
const SECRET_NAME = /(SECRET|PASSWORD|PRIVATE_KEY|API_KEY)$/;

/** Key ids the project's tooling gives the keys it generates for development (`dev-`) and tests (`test-`). */
const DEV_KEY_ID = /^(dev|test)-/;

function keyIdsOf(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as { kid?: unknown; keys?: Array<{ kid?: unknown }> };
    const keys = Array.isArray(parsed.keys) ? parsed.keys : [parsed];
    return keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string');
  } catch {
    return [];
  }
}

/** Whether a secret looks like a placeholder: a published value, a "change me", or too little variety to be random. */
function weakSecret(value: string): string | null {
  if (KNOWN_SECRETS.includes(value)) return 'is a value published with Clinic Flow';
  if (/change.?me|example|default|secret123|password/i.test(value)) return 'looks like a placeholder';
  if (new Set(value).size < 10) return 'has too little variety to be a generated secret';
  return null;
}

/** Problems of the environment common to every service. */
export function commonProductionProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name) && !name.startsWith('npm_')) {
      const weak = weakSecret(value);
      if (weak) problems.push(`${name} ${weak}; set a secret of your own`);
    }
    if (name === 'JWT_PUBLIC_KEYS' || name === 'JWT_PRIVATE_KEY') {
      const dev = keyIdsOf(value).filter((kid) => DEV_KEY_ID.test(kid));
      if (dev.length) problems.push(`${name} contains keys generated for development or tests (kid ${dev.join(', ')}); provision production keys`);
    }
  }
  if (['true', '1'].includes(env.SEED_DEMO_DATA ?? '')) problems.push('SEED_DEMO_DATA is on: demo users (with a published password) and demo data are not for production');
  return problems;
}

/** Hosts of the local development sinks (MailDev, the SMS sink) as `npm start` and docker-compose name them. */
const SINK_HOSTS = ['maildev', 'sms-sink', 'localhost', '127.0.0.1', '[::1]', '::1'];

/** Whether a URL points at a local development sink rather than a real provider. */
export function pointsAtLocalSink(url: string): boolean {
  try {
    return SINK_HOSTS.includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Thrown (and printed, naming each problem) when production mode refuses the environment. */
export class ProductionModeError extends Error {
  constructor(readonly problems: string[]) {
    super(`Refusing to start in production mode (NODE_ENV=production):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ProductionModeError';
  }
}
