import 'reflect-metadata';
import { createEventConsumers } from '@clinic-flow/messaging';
import { runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { productionProblems } from './production';

void runService({
  name: 'patient-records',
  schema: configSchema,
  module: (config) => AppModule.register(config),
  // Its own events (completing a merge after a crash, the timeline), the timeline's appointment and
  // message events, and the sites' letterheads.
  consumers: (app) => createEventConsumers(app),
  productionChecks: productionProblems,
});
