import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { setupOpenApi } from './openapi';

void runService({
  name: 'api-gateway',
  schema: configSchema,
  module: (config) => AppModule.register(config),
  serveOpenApi: false,
  configure: (app) => {
    app.setGlobalPrefix('api/v1', { exclude: [{ path: 'health', method: RequestMethod.ALL }, { path: 'health/*path', method: RequestMethod.ALL }] });
    setupOpenApi(app);
  },
});
