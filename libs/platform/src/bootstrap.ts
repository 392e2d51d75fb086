import { DynamicModule, INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { CustomStrategy } from '@nestjs/microservices';
import { z } from 'zod';
import { ConfigError, loadConfig, serviceConfigSchema } from './config';
import { commonProductionProblems, ProductionModeError } from './production';
import { correlationMiddleware } from './correlation.middleware';
import { HealthRegistry } from './health';
import { createLogger, PinoNestLogger } from './logger';
import { rejectOddInput } from './odd-input';
import { completeContract } from './openapi-contract';
import { mirrorValidationIntoOpenApi } from './openapi-validation';
import { httpMetricsMiddleware, Metrics, METRICS_PATH } from './metrics';
import { ProblemDetailsFilter, toProblem } from './problem-details.filter';
import { startTracing, tracingMiddleware } from './tracing';
import { createValidationPipe } from './validation';

/** What bootstrapping reads; a service without Kafka (the gateway) omits the brokers. */
type BaseConfig = Omit<z.infer<typeof serviceConfigSchema>, 'KAFKA_BROKERS'>;

/**
 * Where a service serves the OpenAPI document of its own routes, roles included (`x-roles`).
 * Internal: the gateway composes the public document and its route table from these.
 */
export const SERVICE_OPENAPI_PATH = '/internal/openapi.json';

export interface ServiceDefinition<C extends BaseConfig> {
  name: string;
  schema: z.ZodType<C, z.ZodTypeDef, unknown>;
  module: (config: C) => DynamicModule;
  /** Kafka consumers of the service, as a Nest microservice transport. */
  consumers?: (app: INestApplication, config: C) => CustomStrategy['strategy'];
  /** Extra HTTP wiring (e.g. the gateway's OpenAPI document). */
  configure?: (app: INestApplication, config: C) => void | Promise<void>;
  /** Serve the service's own document at SERVICE_OPENAPI_PATH (default true; the gateway composes its own). */
  serveOpenApi?: boolean;
  /** Problems of this service's settings that production mode refuses (beyond the common ones). */
  productionChecks?: (config: C) => string[];
}

/** The OpenAPI document of a service's own routes, as the decorators on its controllers describe them. */
export function serviceOpenApiDocument(app: INestApplication, name: string) {
  mirrorValidationIntoOpenApi();
  return completeContract(SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(name).setVersion('1').addBearerAuth().build()));
}

/** Applies the HTTP conventions every service shares; also used by integration tests. */
export function applyHttpConventions(app: INestApplication): void {
  const metrics = metricsOf(app);
  if (metrics) app.use(httpMetricsMiddleware(metrics));
  app.use(tracingMiddleware);
  app.use(correlationMiddleware);
  // Our own JSON parser (Nest's is disabled) so a malformed or oversized body gets a problem answer.
  app.use(express.json({ limit: '1mb' }));
  // Control characters, lone surrogates and broken percent-encoding: 400 before any handler sees them.
  app.use(rejectOddInput);
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    const body = { ...toProblem(error), instance: req.originalUrl };
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
}

/** The service's metrics registry (PlatformModule's), if the application has one. */
function metricsOf(app: INestApplication): Metrics | undefined {
  try {
    return app.get(Metrics, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Serves the metrics in Prometheus's text format at METRICS_PATH, outside Nest's routing: no
 * token needed (like /health), no global prefix, and in no OpenAPI document, so the gateway's
 * route table (built from those documents) never forwards it to the public API.
 */
export function serveMetrics(app: INestApplication): void {
  const metrics = metricsOf(app);
  if (!metrics) return;
  app.getHttpAdapter().get(METRICS_PATH, (_req: Request, res: Response) => {
    metrics.exposition().then(
      (text) => res.type(metrics.contentType).send(text),
      (error: unknown) => res.status(500).type('text/plain').send(`metrics unavailable: ${(error as Error).message}`),
    );
  });
}

/**
 * Boots a service: validated config, JSON logs, HTTP, Kafka consumers, graceful shutdown.
 * A bad environment stops the process with a message naming each offending variable.
 */
export async function runService<C extends BaseConfig>(definition: ServiceDefinition<C>): Promise<INestApplication> {
  let config: C;
  try {
    config = loadConfig(definition.schema);
    if (process.env.NODE_ENV === 'production') {
      const problems = [...commonProductionProblems(process.env), ...(definition.productionChecks?.(config) ?? [])];
      if (problems.length) throw new ProductionModeError(problems);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ProductionModeError) {
      const issues = error instanceof ConfigError ? error.issues : error.problems;
      process.stderr.write(`${JSON.stringify({ level: 'fatal', service: definition.name, msg: error.message, issues })}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  if (startTracing(definition.name)) logger.info('exporting traces over OTLP');
  const app = await NestFactory.create(definition.module(config), { logger: new PinoNestLogger(logger), bodyParser: false });
  applyHttpConventions(app);
  await definition.configure?.(app, config);
  serveMetrics(app);
  if (definition.serveOpenApi !== false) {
    const document = serviceOpenApiDocument(app, definition.name);
    app.getHttpAdapter().get(SERVICE_OPENAPI_PATH, (_req: Request, res: Response) => res.json(document));
  }

  const watchdog = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    app.get(HealthRegistry).markShuttingDown();
    setTimeout(() => {
      logger.error('graceful shutdown took too long, exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.once('SIGTERM', watchdog);
  process.once('SIGINT', watchdog);

  if (definition.consumers) {
    app.connectMicroservice({ strategy: definition.consumers(app, config) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT }, `${definition.name} listening`);
  return app;
}
