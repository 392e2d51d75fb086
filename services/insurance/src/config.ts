import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3103),
  MONGO_DB: z.string().default('clinic_insurance'),
  SEED_DEMO_DATA: env.bool(false),
});
export type InsuranceConfig = z.infer<typeof configSchema>;
