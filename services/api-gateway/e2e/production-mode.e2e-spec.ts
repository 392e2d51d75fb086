/*
 * Production mode: a service started with NODE_ENV=production refuses to start with a known or
 * development secret or key, demo users and data, or the local mail/SMS sinks, and says which
 * variable is wrong. The services are started from the build, as the e2e system starts them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { testDataKeys, testInfraEnv, testTokenKeys } from '@clinic-flow/testing';

const { distDir } = require(path.resolve(__dirname, '../../../tools/build/build.js')) as { distDir(): string };

function start(service: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(distDir(), 'services', service, 'src', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${service} did not exit: ${output.slice(-2000)}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('production mode', () => {
  const infra = testInfraEnv();
  const keys = testTokenKeys();
  const gateway = {
    PORT: '39990',
    MONGO_URL: infra.MONGO_URL,
    KAFKA_BROKERS: infra.KAFKA_BROKERS,
    SCHEDULING_URL: 'http://127.0.0.1:1',
    PATIENT_RECORDS_URL: 'http://127.0.0.1:1',
    INSURANCE_URL: 'http://127.0.0.1:1',
    BILLING_URL: 'http://127.0.0.1:1',
    NOTIFICATION_URL: 'http://127.0.0.1:1',
    ...keys,
    SEED_DEMO_DATA: 'true',
    LOG_LEVEL: 'silent',
  };

  it('refuses to start the gateway with test keys and demo users, naming both', async () => {
    const { code, output } = await start('api-gateway', { ...gateway, NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(output).toContain('Refusing to start in production mode');
    expect(output).toMatch(/JWT_PRIVATE_KEY contains keys generated for development or tests/);
    expect(output).toMatch(/JWT_PUBLIC_KEYS contains keys generated for development or tests/);
    expect(output).toMatch(/SEED_DEMO_DATA is on/);
  });

  it('refuses to start notification with a published secret and the local mail and SMS sinks', async () => {
    const { code, output } = await start('notification', {
      NODE_ENV: 'production',
      PORT: '39990',
      MONGO_URL: infra.MONGO_URL,
      KAFKA_BROKERS: infra.KAFKA_BROKERS,
      REDIS_URL: infra.REDIS_URL,
      SMTP_URL: infra.SMTP_URL,
      SMS_API_URL: infra.SMS_SINK_URL,
      JWT_PUBLIC_KEYS: keys.JWT_PUBLIC_KEYS.replace(/"kid":"test-/, '"kid":"prod-'),
      NOTIFICATION_SECRET: 'change-me-this-is-a-development-secret-only',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/NOTIFICATION_SECRET is a value published with Clinic Flow/);
    expect(output).toMatch(/SMTP_URL points at a local mail sink/);
    expect(output).toMatch(/SMS_API_URL points at the local SMS sink/);
    expect(output).not.toMatch(/JWT_PUBLIC_KEYS contains/);
  });

  it('refuses to start patient-records without data keys, and with data keys generated for tests, naming them', async () => {
    const env = {
      NODE_ENV: 'production',
      PORT: '39991',
      MONGO_URL: infra.MONGO_URL,
      KAFKA_BROKERS: infra.KAFKA_BROKERS,
      REDIS_URL: infra.REDIS_URL,
      ICD10CM_PATH: infra.ICD10CM_PATH,
      JWT_PUBLIC_KEYS: keys.JWT_PUBLIC_KEYS.replace(/"kid":"test-/, '"kid":"prod-'),
      PATIENT_RECORDS_SECRET: randomBytes(48).toString('base64url'),
      LOG_LEVEL: 'silent',
    };
    const none = await start('patient-records', env);
    expect(none.code).toBe(1);
    expect(none.output).toMatch(/no data keys: set DATA_KEYS_FILE or DATA_KEYS/);
    const generated = await start('patient-records', { ...env, ...testDataKeys() });
    expect(generated.code).toBe(1);
    expect(generated.output).toMatch(/the data keys include keys generated for development or tests \(test-data-1\)/);
    expect(generated.output).not.toMatch(/no data keys/);
  });
});
