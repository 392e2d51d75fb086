import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  EventEnvelope,
  NotificationFailedData,
  NotificationFailedV1,
  NotificationSentData,
  NotificationSentV1,
  NotificationSkippedData,
  NotificationSkippedV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { WaitlistService } from './waitlist.service';

/** The offer a message event is about, if it is a waitlist offer's message. */
const offerOf = (event: EventEnvelope<{ kind: string; offerId?: string }>) =>
  event.data.kind === 'waitlist-offer' && event.data.offerId && event.siteId ? { siteId: event.siteId, offerId: event.data.offerId } : undefined;

/**
 * What happened to waitlist offers' messages: sent starts the offer's hold; skipped or failed for
 * good closes it and passes the slot on. Messages of other kinds are not scheduling's business.
 */
@Controller()
export class OfferMessagesConsumer {
  constructor(private readonly waitlist: WaitlistService) {}

  @OnEvent(NotificationSentV1)
  async onSent(@Payload() event: EventEnvelope<NotificationSentData>): Promise<void> {
    const offer = offerOf(event);
    if (!offer) return;
    const told = event.data.offerExpiresAt ? new Date(event.data.offerExpiresAt) : undefined;
    await this.waitlist.offerSent(offer.siteId, offer.offerId, new Date(event.data.sentAt), told);
  }

  @OnEvent(NotificationSkippedV1)
  async onSkipped(@Payload() event: EventEnvelope<NotificationSkippedData>): Promise<void> {
    const offer = offerOf(event);
    if (offer) await this.waitlist.offerNotSent(offer.siteId, offer.offerId, `skipped: ${event.data.reason}`);
  }

  @OnEvent(NotificationFailedV1)
  async onFailed(@Payload() event: EventEnvelope<NotificationFailedData>): Promise<void> {
    const offer = offerOf(event);
    if (offer) await this.waitlist.offerNotSent(offer.siteId, offer.offerId, `failed: ${event.data.error}`);
  }
}
