import 'reflect-metadata';
import { createEventConsumers } from '@clinic-flow/messaging';
import { runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';

// Consumers: scheduling's appointments (visits: checkout drafts the encounter) and sites.
void runService({ name: 'billing', schema: configSchema, module: (config) => AppModule.register(config), consumers: (app) => createEventConsumers(app) });
