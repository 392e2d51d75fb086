import 'reflect-metadata';
import { runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';

void runService({ name: 'patient-records', schema: configSchema, module: (config) => AppModule.register(config) });
