import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AuthModule } from '@clinic-flow/auth';
import { jobProviders, JOBS_REDIS, MessagingModule } from '@clinic-flow/messaging';
import { APP_CONFIG, HealthRegistry, MongoModule, PlatformModule } from '@clinic-flow/platform';
import { MESSAGE_CHANNELS, MessageChannel } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { IdempotentChannel } from './channels/idempotent.channel';
import { SmsChannel } from './channels/sms.channel';
import type { NotificationConfig } from './config';
import { ContactsConsumer } from './contacts/contacts.consumer';
import { ContactsRepository } from './contacts/contacts.repository';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { AppointmentEventsService } from './messages/appointment-events.service';
import { MessagesConsumer } from './messages/messages.consumer';
import { MessagesController } from './messages/messages.controller';
import { MessagesRepository } from './messages/messages.repository';
import { MessageDeliveryService } from './messages/delivery.service';
import { MessageEvents } from './messages/message-events';
import { MessagePlanningService } from './messages/planning.service';
import { MessageQueriesService } from './messages/queries.service';
import { messagesWorker } from './messages/messages.worker';
import { SmsThreadsRepository } from './messages/sms-threads.repository';
import { ResponsesController } from './responses/responses.controller';
import { ResponsesRepository } from './responses/responses.repository';
import { ResponsesService } from './responses/responses.service';
import { SitesConsumer } from './sites/sites.consumer';
import { SitesRepository } from './sites/sites.repository';

const SMS_PROVIDER = Symbol('SMS_PROVIDER');

/** Registers the reply webhook with the SMS provider when SMS_INBOUND_WEBHOOK_URL is set. */
class InboundWebhookRegistration implements OnApplicationBootstrap {
  private readonly logger = new Logger('InboundWebhook');

  constructor(
    @Inject(SMS_PROVIDER) private readonly sms: SmsChannel,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SMS_INBOUND_WEBHOOK_URL) return;
    await this.sms
      .registerInboundWebhook(this.config.SMS_INBOUND_WEBHOOK_URL, this.config.SMS_INBOUND_SECRET)
      .then(() => this.logger.log(`SMS replies go to ${this.config.SMS_INBOUND_WEBHOOK_URL}`))
      .catch((error: Error) => this.logger.warn(`could not register the SMS reply webhook: ${error.message}`));
  }
}

/** Closes the channels' connections (the SMTP pool) when the service stops. */
class ChannelsShutdown implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_CHANNELS) private readonly channels: MessageChannel[]) {}

  onApplicationShutdown(): void {
    for (const channel of this.channels) channel.close?.();
  }
}

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
      controllers: [MessagesController, PoliciesController, ResponsesController, MessagesConsumer, ContactsConsumer, SitesConsumer],
      providers: [
        ContactsRepository,
        SitesRepository,
        MessagesRepository,
        MessageEvents,
        SmsThreadsRepository,
        MessagePlanningService,
        MessageDeliveryService,
        MessageQueriesService,
        AppointmentEventsService,
        PoliciesRepository,
        PoliciesService,
        ResponsesRepository,
        ResponsesService,
        InboundWebhookRegistration,
        ChannelsShutdown,
        ...jobProviders(
          { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS },
          [messagesWorker],
        ),
        { provide: SMS_PROVIDER, useFactory: () => new SmsChannel(config.SMS_API_URL, { from: config.SMS_FROM, apiKey: config.SMS_API_KEY }) },
        {
          provide: MESSAGE_CHANNELS,
          inject: [HealthRegistry, JOBS_REDIS, SMS_PROVIDER],
          useFactory: (health: HealthRegistry, redis: Redis, sms: SmsChannel): MessageChannel[] => {
            const providers: MessageChannel[] = [new EmailChannel(config.SMTP_URL, config.MAIL_FROM), sms];
            for (const channel of providers) health.register(`channel-${channel.name}`, () => channel.check());
            return providers.map((channel) => new IdempotentChannel(channel, redis, { prefix: config.QUEUE_PREFIX, leaseMs: config.SEND_LEASE_MS }));
          },
        },
      ],
    };
  }
}
