import { z } from 'zod';
import { env, serviceConfigSchema } from '@clinic-flow/platform';

export const configSchema = serviceConfigSchema.extend({
  PORT: env.port(3101),
  MONGO_DB: z.string().default('clinic_scheduling'),
  /** Appointment starts and lengths snap to this grid; also the granularity of slot claims. Fix it per deployment. */
  SCHEDULING_GRID_MINUTES: z.coerce.number().int().refine((v) => [1, 5, 10, 15].includes(v), 'must be 1, 5, 10 or 15').default(5),
  SEED_DEMO_DATA: env.bool(false),
  /** Sweep for events a crash left unpublished (the normal path publishes right after the write). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
});
export type SchedulingConfig = z.infer<typeof configSchema>;
