import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { JOBS_REDIS } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog, HealthRegistry } from '@clinic-flow/platform';
import type { NotificationConfig } from '../config';
import { MESSAGE_CHANNELS, MessageChannel } from './channel';
import { EmailChannel } from './email.channel';
import { IdempotentChannel } from './idempotent.channel';
import { SmsChannel } from './sms.channel';

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
      .catch((error: Error) => this.logger.warn(`could not register the SMS reply webhook: ${errorMessageForLog(error)}`));
  }
}

/** Closes the channels' connections (the SMTP pool) when the service stops. */
class ChannelsShutdown implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_CHANNELS) private readonly channels: MessageChannel[]) {}

  onApplicationShutdown(): void {
    for (const channel of this.channels) channel.close?.();
  }
}

/**
 * The ways of reaching patients (email, SMS), each with its health check and made safe to repeat
 * per message id (`MESSAGE_CHANNELS`), and the SMS provider's reply webhook.
 */
@Module({
  providers: [
    {
      provide: SMS_PROVIDER,
      inject: [APP_CONFIG],
      useFactory: (config: NotificationConfig) => new SmsChannel(config.SMS_API_URL, { from: config.SMS_FROM, apiKey: config.SMS_API_KEY }),
    },
    {
      provide: MESSAGE_CHANNELS,
      inject: [APP_CONFIG, HealthRegistry, JOBS_REDIS, SMS_PROVIDER],
      useFactory: (config: NotificationConfig, health: HealthRegistry, redis: Redis, sms: SmsChannel): MessageChannel[] => {
        const providers: MessageChannel[] = [new EmailChannel(config.SMTP_URL, config.MAIL_FROM), sms];
        for (const channel of providers) health.register(`channel-${channel.name}`, () => channel.check());
        return providers.map((channel) => new IdempotentChannel(channel, redis, { prefix: config.QUEUE_PREFIX, leaseMs: config.SEND_LEASE_MS }));
      },
    },
    InboundWebhookRegistration,
    ChannelsShutdown,
  ],
  exports: [MESSAGE_CHANNELS],
})
export class ChannelsModule {}
