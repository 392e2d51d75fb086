import { Injectable } from '@nestjs/common';
import { Channel, NotificationFailedV1, NotificationSentV1, NotificationSkippedV1 } from '@clinic-flow/contracts';
import { EventFactory, OutboxEntry } from '@clinic-flow/messaging';
import { MessageRecord } from './messages.schema';

/**
 * The `notification.*` events of a message, for its outbox: planning skips messages that can
 * never go out, delivery records what happened; both say it the same way.
 */
@Injectable()
export class MessageEvents {
  constructor(private readonly events: EventFactory) {}

  skipped(message: Omit<MessageRecord, 'version'>, reason: string): OutboxEntry {
    const { data, ...ref } = messageRef(message);
    return this.events.outboxEntry(NotificationSkippedV1, { ...ref, data: { ...data, reason } });
  }

  sent(message: MessageRecord, channel: Channel, sentAt: Date): OutboxEntry {
    const { data, ...ref } = messageRef(message);
    const offerExpiresAt = message.kind === 'waitlist-offer' && message.snapshot?.expiresAt ? { offerExpiresAt: message.snapshot.expiresAt.toISOString() } : {};
    return this.events.outboxEntry(NotificationSentV1, { ...ref, data: { ...data, channel, sentAt: sentAt.toISOString(), ...offerExpiresAt } });
  }

  failed(message: MessageRecord, error: string, attempts: number): OutboxEntry {
    const { data, ...ref } = messageRef(message);
    return this.events.outboxEntry(NotificationFailedV1, { ...ref, data: { ...data, error, attempts } });
  }
}

/** Key, site and the message fields every notification.* event carries. */
function messageRef(message: Omit<MessageRecord, 'version'>) {
  return {
    subject: message.appointmentId ?? message.waitlistEntryId ?? message.patientId,
    siteId: message.siteId,
    data: {
      messageId: message._id,
      kind: message.kind,
      appointmentId: message.appointmentId,
      waitlistEntryId: message.waitlistEntryId,
      offerId: message.snapshot?.offerId,
      patientId: message.patientId,
      scheduledFor: message.scheduledFor.toISOString(),
    },
  };
}
