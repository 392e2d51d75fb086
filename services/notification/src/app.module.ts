import { DynamicModule, Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { HealthRegistry, MongoModule, PlatformModule } from '@clinic-flow/platform';
import { MESSAGE_CHANNELS, MessageChannel } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { SmsChannel } from './channels/sms.channel';
import type { NotificationConfig } from './config';
import { ContactsConsumer } from './contacts/contacts.consumer';
import { ContactsRepository } from './contacts/contacts.repository';
import { RemindersConsumer } from './reminders/reminders.consumer';
import { RemindersController } from './reminders/reminders.controller';
import { REMINDERS_QUEUE } from './reminders/reminders.queue';
import { RemindersRepository } from './reminders/reminders.repository';
import { RemindersService } from './reminders/reminders.service';
import { REDIS_CONNECTION, REMINDERS_QUEUE_TOKEN } from './reminders/reminders.tokens';
import { RemindersWorker } from './reminders/reminders.worker';

@Module({})
export class AppModule {
  static register(config: NotificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'notification', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'notification', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS }),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
      ],
      controllers: [RemindersController, RemindersConsumer, ContactsConsumer],
      providers: [
        ContactsRepository,
        RemindersRepository,
        RemindersService,
        RemindersWorker,
        {
          provide: REDIS_CONNECTION,
          inject: [HealthRegistry],
          useFactory: (health: HealthRegistry): Redis => {
            const redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
            health.register('redis', async () => {
              await redis.ping();
            });
            return redis;
          },
        },
        {
          provide: REMINDERS_QUEUE_TOKEN,
          inject: [REDIS_CONNECTION],
          useFactory: (redis: Redis) => new Queue(REMINDERS_QUEUE, { connection: redis }),
        },
        {
          provide: MESSAGE_CHANNELS,
          inject: [HealthRegistry],
          useFactory: (health: HealthRegistry): MessageChannel[] => {
            const channels = [new EmailChannel(config.SMTP_URL, config.MAIL_FROM), new SmsChannel(config.SMS_API_URL)];
            for (const channel of channels) health.register(`channel-${channel.name}`, () => channel.check());
            return channels;
          },
        },
      ],
    };
  }
}
