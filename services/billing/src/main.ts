import 'reflect-metadata';
import { runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';

void runService({ name: 'billing', schema: configSchema, module: (config) => AppModule.register(config) });
