import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import mongoose, { Connection } from 'mongoose';
import { HealthRegistry } from './health';

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
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const connection = await mongoose
              .createConnection(options.url, {
                dbName: options.dbName,
                serverSelectionTimeoutMS: 10000,
                autoIndex: true,
                maxPoolSize: 20,
              })
              .asPromise();
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
