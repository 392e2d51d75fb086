import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import type { InsuranceConfig } from './config';

/** The insurance service's foundation: its own database, Kafka, auth and health. Its domain follows. */
@Module({})
export class AppModule {
  static register(config: InsuranceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'insurance', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'insurance', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS }),
      ],
    };
  }
}
