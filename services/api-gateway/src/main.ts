import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import { CORRELATION_HEADER, runService } from '@clinic-flow/platform';
import { AppModule } from './app.module';
import { configSchema, GatewayConfig } from './config';
import { setupOpenApi } from './openapi';
import { productionProblems } from './production';
import { aliasFhirBase } from './routing/fhir-alias';
import { UNPREFIXED_ROUTES } from './routing/unprefixed';

/** Express "trust proxy" from TRUST_PROXY: true/false, a hop count, or addresses/subnets. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Security headers on every answer (the patient pages use inline styles and post forms to themselves) and the CORS policy. */
function secureEdge(app: INestApplication, config: GatewayConfig): void {
  app.getHttpAdapter().getInstance().set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  // No allowed origins: no CORS headers at all, so browsers keep other sites' pages out.
  if (config.CORS_ORIGINS.length) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', CORRELATION_HEADER],
      exposedHeaders: ['retry-after', 'location', 'etag', CORRELATION_HEADER],
      maxAge: 600,
    });
  }
}

void runService({
  name: 'api-gateway',
  schema: configSchema,
  module: (config) => AppModule.register(config),
  serveOpenApi: false,
  productionChecks: productionProblems,
  configure: (app, config) => {
    secureEdge(app, config);
    aliasFhirBase(app);
    app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED_ROUTES });
    setupOpenApi(app);
  },
});
