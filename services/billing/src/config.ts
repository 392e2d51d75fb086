import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3104),
  MONGO_DB: z.string().default('clinic_billing'),
});
export type BillingConfig = z.infer<typeof configSchema>;
