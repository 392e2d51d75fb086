import 'reflect-metadata';
import { createEventConsumers } from '@clinic-flow/messaging';
import { runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { productionProblems } from './production';

void runService({
  name: 'scheduling',
  schema: configSchema,
  module: (config) => AppModule.register(config),
  consumers: (app) => createEventConsumers(app),
  productionChecks: productionProblems,
});
