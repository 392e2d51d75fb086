import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import mongoose, { Connection } from 'mongoose';
import { HealthRegistry } from './health';
import { Metrics } from './metrics';

/** Commands the driver sends for itself or for health checks, not for the service's data. */
const HOUSEKEEPING_COMMANDS = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'saslStart', 'saslContinue', 'endSessions', 'buildInfo', 'getMore']);

/** What command monitoring reports (the driver's CommandStartedEvent / CommandSucceededEvent / CommandFailedEvent, in part). */
interface CommandEvents {
  on(event: 'commandStarted', listener: (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => void): unknown;
  on(event: 'commandSucceeded' | 'commandFailed', listener: (e: { requestId: number; commandName: string; duration: number }) => void): unknown;
}

/**
 * Database operation latency from the driver's command monitoring (`monitorCommands: true`):
 * `db_operation_duration_seconds{command,collection,outcome}`. The collection is read from the
 * started command (its first field names it) and kept by request id until the command ends.
 */
export function instrumentMongoCommands(client: CommandEvents, metrics: Metrics): void {
  const duration = metrics.histogram('db_operation_duration_seconds', 'MongoDB command latency by command and collection.', ['command', 'collection', 'outcome']);
  const collections = new Map<number, string>();
  client.on('commandStarted', (e) => {
    if (HOUSEKEEPING_COMMANDS.has(e.commandName)) return;
    const target = e.command?.[e.commandName];
    collections.set(e.requestId, typeof target === 'string' ? target : '');
  });
  const ended = (outcome: 'ok' | 'error') => (e: { requestId: number; commandName: string; duration: number }) => {
    const collection = collections.get(e.requestId);
    if (collection === undefined) return;
    collections.delete(e.requestId);
    duration.observe({ command: e.commandName, collection, outcome }, e.duration / 1000);
  };
  client.on('commandSucceeded', ended('ok'));
  client.on('commandFailed', ended('error'));
}

export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');

/** Injects the service's own database connection. */
export const InjectConnection = () => Inject(MONGO_CONNECTION);

@Global()
@Module({})
export class MongoModule implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CONNECTION) private readonly connection: Connection) {}

  /** Connects to the service's own database; nobody else reads it. */
  static forRoot(options: { url: string; dbName: string }): DynamicModule {
    return {
      module: MongoModule,
      providers: [
        {
          provide: MONGO_CONNECTION,
          inject: [HealthRegistry, { token: Metrics, optional: true }],
          useFactory: async (health: HealthRegistry, metrics?: Metrics) => {
            const connection = await mongoose
              .createConnection(options.url, {
                dbName: options.dbName,
                serverSelectionTimeoutMS: 10000,
                autoIndex: true,
                maxPoolSize: 20,
                // Command events feed the database latency metric (instrumentMongoCommands).
                monitorCommands: !!metrics,
              })
              .asPromise();
            if (metrics) instrumentMongoCommands(connection.getClient() as unknown as CommandEvents, metrics);
            health.register('mongo', async () => {
              await connection.db!.admin().ping();
            });
            return connection;
          },
        },
      ],
      exports: [MONGO_CONNECTION],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** Whether an error is MongoDB's duplicate-key error (unique index or _id). */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: Array<{ code?: number }> };
  return e?.code === 11000 || !!e?.writeErrors?.some((w) => w.code === 11000);
}
