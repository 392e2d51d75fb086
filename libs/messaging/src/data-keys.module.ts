import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Schema } from 'mongoose';
import { z } from 'zod';
import { BlindIndex, DataKeysSettings, KeyProvider, keyProviderFrom, KeyRotation, Sealer, SweepMarkers } from '@clinic-flow/crypto';
import { createLogger, HealthRegistry, MONGO_CONNECTION } from '@clinic-flow/platform';
import { DATA_PROTECTION, DataProtection } from './aggregate-store';

/** The settings of a service that stores patient data (spread into its config schema). */
export const dataKeysEnv = {
  /** The key file (see README "Keys and encryption at rest"); re-read when it changes, so a rotation needs no restart. */
  DATA_KEYS_FILE: z.string().min(1).optional(),
  /** The key set as JSON, when there is no key file (a rotation then needs a restart with the new set). */
  DATA_KEYS: z.string().min(1).optional(),
  /** How often the key file is looked at for a rotation. */
  DATA_KEYS_POLL_MS: z.coerce.number().int().min(100).default(5000),
};

export interface DataKeysOptions extends DataKeysSettings {
  service: string;
  DATA_KEYS_POLL_MS?: number;
  logLevel?: string;
}

interface MarkerDoc {
  _id: string;
  keyId: string;
  at: Date;
}

/** Per collection, the key its last complete re-seal sweep was for (`data_key_sweeps`). */
class MongoSweepMarkers implements SweepMarkers {
  constructor(private readonly connection: Connection) {}

  private get model() {
    return this.connection.models.DataKeySweep ?? this.connection.model<MarkerDoc>('DataKeySweep', new Schema<MarkerDoc>({ _id: String, keyId: String, at: Date }, { versionKey: false }), 'data_key_sweeps');
  }

  async get(target: string): Promise<string | null> {
    return (await this.model.findById(target).lean<MarkerDoc>())?.keyId ?? null;
  }

  async set(target: string, keyId: string): Promise<void> {
    await this.model.updateOne({ _id: target }, { $set: { keyId, at: new Date() } }, { upsert: true });
  }
}

const KEY_PROVIDER = Symbol('KEY_PROVIDER');

/**
 * Data keys of a service that stores patient data: the sealer and blind index its stores use
 * (DATA_PROTECTION), and the rotation that re-seals in the background when the key file names a
 * new current key. Its progress is the `data-keys` entry of /health/ready.
 */
@Global()
@Module({})
export class DataKeysModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(KeyRotation) private readonly rotation: KeyRotation) {}

  static forRoot(options: DataKeysOptions): DynamicModule {
    const logger = createLogger(options.service, options.logLevel).child({ component: 'data-keys' });
    return {
      module: DataKeysModule,
      providers: [
        { provide: KEY_PROVIDER, useFactory: () => keyProviderFrom(options) },
        { provide: Sealer, inject: [KEY_PROVIDER], useFactory: (keys: KeyProvider) => new Sealer(keys) },
        { provide: BlindIndex, inject: [KEY_PROVIDER], useFactory: (keys: KeyProvider) => new BlindIndex(keys) },
        {
          provide: KeyRotation,
          inject: [KEY_PROVIDER, MONGO_CONNECTION, HealthRegistry],
          useFactory: (keys: KeyProvider, connection: Connection, health: HealthRegistry) => {
            const rotation = new KeyRotation(keys, new MongoSweepMarkers(connection), {
              pollMs: options.DATA_KEYS_POLL_MS ?? 5000,
              retryMs: 1000,
              maxPasses: 120,
              onError: (message, error) => logger.warn({ err: { message: (error as Error).message, name: (error as Error).name } }, message),
            });
            health.register('data-keys', async () => ({ ...rotation.snapshot() }));
            return rotation;
          },
        },
        {
          provide: DATA_PROTECTION,
          inject: [Sealer, BlindIndex, KeyRotation],
          useFactory: (sealer: Sealer, blind: BlindIndex, rotation: KeyRotation): DataProtection => ({ sealer, blind, rotation }),
        },
      ],
      exports: [Sealer, BlindIndex, KeyRotation, DATA_PROTECTION],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rotation.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.rotation.stop();
  }
}
