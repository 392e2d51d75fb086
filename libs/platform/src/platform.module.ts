import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthController, HealthRegistry } from './health';
import { Metrics } from './metrics';
import { stopTracing } from './tracing';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Injects the service's validated config object. */
export const InjectConfig = () => Inject(APP_CONFIG);

/** Exports the spans still buffered when the service shuts down. */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}

/** What every service gets: its config, its name, health endpoints and its metrics registry. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: { serviceName: string; config: object }): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        HealthRegistry,
        { provide: APP_CONFIG, useValue: options.config },
        { provide: SERVICE_NAME, useValue: options.serviceName },
        { provide: Metrics, useFactory: () => new Metrics(options.serviceName) },
        TracingShutdown,
      ],
      exports: [HealthRegistry, APP_CONFIG, SERVICE_NAME, Metrics],
    };
  }
}
