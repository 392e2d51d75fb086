import { z } from 'zod';
import { DEFAULT_DEMO_PASSWORD } from '@clinic-flow/demo-data';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

/** The gateway neither produces nor consumes events, so it has no Kafka settings. */
export const configSchema = serviceConfigSchema.omit({ KAFKA_BROKERS: true }).extend({
  PORT: env.port(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGO_DB: z.string().default('clinic_gateway'),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
  SCHEDULING_URL: env.httpUrl(),
  PATIENT_RECORDS_URL: env.httpUrl(),
  INSURANCE_URL: env.httpUrl(),
  BILLING_URL: env.httpUrl(),
  NOTIFICATION_URL: env.httpUrl(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  SEED_DEMO_DATA: env.bool(false),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default(DEFAULT_DEMO_PASSWORD),
});
export type GatewayConfig = z.infer<typeof configSchema>;
