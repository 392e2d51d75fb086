import { Inject, Injectable, Optional } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Channel } from '@clinic-flow/contracts';
import { SiteScope } from '@clinic-flow/auth';
import { APP_CONFIG, DomainError } from '@clinic-flow/platform';
import { MESSAGE_CHANNELS, MessageChannel, SEND_FAULTS, SendFaults } from '../channels/channel';
import type { NotificationConfig } from '../config';
import { ChannelConsentsRepository } from '../contacts/channel-consents.repository';
import { ContactsRepository } from '../contacts/contacts.repository';
import { MessageContext, renderMessage } from '../templates/templates.renderer';
import { MessageEvents } from './message-events';
import { MessagesRepository } from './messages.repository';
import { chooseChannel, offerHoldUntil, OPEN_STATUSES } from './messages.rules';
import { AppointmentViewRecord, MessageRecord } from './messages.schema';
import { LinkAction, signLink } from './response-links.rules';
import { SmsThreadsRepository } from './sms-threads.repository';

export type DeliveryOutcome = 'sent' | 'skipped' | 'cancelled';

/** Delivery runs for the service itself, on jobs of every site. */
const DELIVERY = SiteScope.service('message delivery');

const LIVE = ['scheduled', 'sending'] as const;

/**
 * Sends a planned message when its job runs and records the outcome (sent, failed, skipped or
 * cancelled) with its event. Delivery re-reads the message and, for reminders, the appointment
 * view, so a duplicate, late, cancelled or moved one sends nothing.
 */
@Injectable()
export class MessageDeliveryService {
  private readonly channels: Map<string, MessageChannel>;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly threads: SmsThreadsRepository,
    private readonly events: MessageEvents,
    @Inject(MESSAGE_CHANNELS) channels: MessageChannel[],
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    private readonly channelConsents: ChannelConsentsRepository,
    @Optional() @Inject(SEND_FAULTS) private readonly faults?: SendFaults,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  /**
   * Sends one message if it is still due: re-reads it (and for a reminder the appointment) first,
   * so a retry, a late job or a cancelled or moved appointment sends nothing. The message is
   * `sending` during the provider call; the channel is idempotent per message id, so a crash
   * between the send and recording it is recovered by the retry without a second message.
   */
  async deliver(messageId: string, attempt: { number: number; max: number }): Promise<DeliveryOutcome> {
    const message = await this.messages.findMessage(DELIVERY, messageId);
    if (!message || !['scheduled', 'sending'].includes(message.status)) return 'skipped';
    const stop = async (status: 'cancelled' | 'skipped', reason: string): Promise<DeliveryOutcome> => {
      const events = status === 'skipped' ? [this.events.skipped(message, reason)] : [];
      await this.messages.transition(DELIVERY, messageId, [...LIVE], { status, failureReason: reason }, events);
      return status;
    };

    let context: Omit<MessageContext, 'firstName'>;
    let snapshot = message.snapshot;
    if (message.kind === 'appointment-reminder') {
      const view = await this.messages.findView(DELIVERY, message.appointmentId!);
      if (!view || !OPEN_STATUSES.includes(view.status)) return stop('cancelled', `appointment ${view?.status ?? 'unknown'}`);
      if (view.start.getTime() !== message.appointmentStart?.getTime()) return stop('cancelled', 'appointment moved');
      if (view.start.getTime() <= Date.now()) return stop('skipped', 'the appointment started before the reminder could be sent');
      context = this.reminderContext(message, view);
    } else {
      let s = message.snapshot!;
      if (message.kind === 'waitlist-offer' && s.start.getTime() <= Date.now()) return stop('skipped', 'the slot started before the offer could be sent');
      // The hold starts now, when the patient is told; fixed at the first attempt so a retry's text, link and event agree.
      if (message.kind === 'waitlist-offer' && s.holdMinutes !== undefined && !s.expiresAt) s = { ...s, expiresAt: offerHoldUntil(new Date(), s.holdMinutes, s.start) };
      if (s.expiresAt && s.expiresAt.getTime() <= Date.now()) return stop('skipped', 'the offer expired before it could be sent');
      snapshot = s;
      context = {
        providerName: s.providerName,
        siteName: s.siteName,
        siteTimeZone: s.siteTimeZone,
        start: s.start,
        typeName: s.appointmentTypeName,
        expiresAt: s.expiresAt,
        recallDueOn: s.recallDueOn,
        noShow: s.noShow,
        documentUrl: s.documentUrl,
        awaitingReport: s.awaiting === 'report',
        staffName: s.staffName,
        patientId: message.patientId,
        mrn: s.mrn,
        reason: s.reason,
        until: s.until,
        dueOn: s.dueOn,
        dunningLevel: s.dunningLevel,
      };
      if (message.kind === 'waitlist-offer' && s.offerId && s.expiresAt) context.acceptUrl = this.responseLink(message._id, 'accept-offer', s.expiresAt);
    }

    if (message.kind === 'break-glass-notice') return this.deliverToStaff(message, context, attempt);

    try {
      const contact = await this.contacts.find(message.patientId);
      if (!contact) throw new Error(`contact details of patient ${message.patientId} are not known yet`);
      const route = chooseChannel({ ...contact, consentRevokedChannels: await this.channelConsents.revokedChannels(message.patientId) }, message.requestedChannel);
      if ('skip' in route) return await stop('skipped', route.skip);
      const channel = this.channels.get(route.channel);
      if (!channel) throw new UnrecoverableError(`channel ${route.channel} is not configured`);
      await this.messages.transition(DELIVERY, messageId, [...LIVE], { status: 'sending', channel: route.channel, ...(snapshot ? { snapshot } : {}) }, [], { attempts: 1 });
      const rendered = renderMessage(message.kind, contact.language ?? 'en', route.channel, { ...context, firstName: contact.firstName });
      // The reply thread is written before the SMS goes out, so an immediate reply finds it.
      if (route.channel === 'sms' && message.kind === 'appointment-reminder') {
        await this.threads.remember({
          _id: route.address,
          messageId: message._id,
          appointmentId: message.appointmentId!,
          patientId: message.patientId,
          siteId: message.siteId,
          language: contact.language ?? 'en',
          sentAt: new Date(),
        });
      }
      const { providerMessageId } = await channel.send({ to: route.address, ...rendered, idempotencyKey: messageId });
      await this.faults?.afterSend?.(messageId);
      await this.recordSent({ ...message, snapshot }, route.channel, providerMessageId);
      return 'sent';
    } catch (error) {
      // Back to `scheduled` for the retry; the last failure is recorded by failForGood.
      await this.messages.transition(DELIVERY, messageId, 'sending', { status: 'scheduled', failureReason: `attempt ${attempt.number} failed: ${(error as Error).message}` });
      throw error;
    }
  }

  /**
   * A notice to staff (break the glass): one email to every office manager the planner chose, in
   * one message, so they are all told or none; the patient's contact details are never involved.
   */
  private async deliverToStaff(message: MessageRecord, context: Omit<MessageContext, 'firstName'>, attempt: { number: number }): Promise<DeliveryOutcome> {
    const to = message.snapshot?.staffTo ?? [];
    if (!to.length) {
      await this.messages.transition(DELIVERY, message._id, [...LIVE], { status: 'skipped', failureReason: 'no office manager to tell' }, [this.events.skipped(message, 'no office manager to tell')]);
      return 'skipped';
    }
    const channel = this.channels.get('email');
    if (!channel) throw new UnrecoverableError('channel email is not configured');
    try {
      await this.messages.transition(DELIVERY, message._id, [...LIVE], { status: 'sending', channel: 'email' }, [], { attempts: 1 });
      const rendered = renderMessage(message.kind, 'en', 'email', { ...context, firstName: '' });
      const { providerMessageId } = await channel.send({ to: to.join(', '), ...rendered, idempotencyKey: message._id });
      await this.faults?.afterSend?.(message._id);
      await this.recordSent(message, 'email', providerMessageId);
      return 'sent';
    } catch (error) {
      await this.messages.transition(DELIVERY, message._id, 'sending', { status: 'scheduled', failureReason: `attempt ${attempt.number} failed: ${(error as Error).message}` });
      throw error;
    }
  }

  /**
   * The message's job will not run again (attempts exhausted, an unrecoverable error, or its
   * worker died too often): the message ends `failed` with `notification.failed`, in one write.
   * Called by the worker for every such job, whichever step failed; a message that already
   * ended (sent, cancelled, skipped, failed) is left as it is.
   */
  async failForGood(messageId: string, reason: string, attempts: number): Promise<void> {
    const message = await this.messages.findMessage(DELIVERY, messageId);
    if (!message || !['scheduled', 'sending'].includes(message.status)) return;
    await this.messages.transition(DELIVERY, message._id, [...LIVE], { status: 'failed', failureReason: reason }, [this.events.failed(message, reason, attempts)]);
  }

  /**
   * An operator retries the job of a message that failed for good (operations console): the
   * message goes back to `scheduled`, so the job sends it if it is still due (a reminder of a
   * cancelled, moved or started appointment is not). A waitlist offer is refused: its failure made
   * scheduling offer the slot to the next patient. Nothing to undo for a message in any other state.
   */
  async reopenForRetry(messageId: string): Promise<void> {
    const message = await this.messages.findMessage(DELIVERY, messageId);
    if (message?.status !== 'failed') return;
    if (message.kind === 'waitlist-offer') {
      throw new DomainError('conflict', 'MESSAGE.RETRY_REFUSED', `Message ${messageId} is a waitlist offer whose failure passed the slot on; it is not sent again`);
    }
    await this.messages.transition(DELIVERY, messageId, 'failed', { status: 'scheduled', failureReason: `retried by operations after: ${message.failureReason ?? 'a failure'}` });
  }

  /** A signed link that answers this message (confirm, cancel, take the offer) until `expiresAt`. */
  private responseLink(messageId: string, action: LinkAction, expiresAt: Date): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/r/${signLink({ messageId, action, expiresAt }, this.config.RESPONSE_LINK_SECRET)}`;
  }

  private reminderContext(message: MessageRecord, view: AppointmentViewRecord): Omit<MessageContext, 'firstName'> {
    const link = (action: 'confirm' | 'cancel') => this.responseLink(message._id, action, view.start);
    return {
      providerName: view.providerName,
      siteName: view.siteName,
      siteTimeZone: view.siteTimeZone,
      start: view.start,
      typeName: view.appointmentTypeName,
      confirmed: view.status === 'confirmed',
      confirmUrl: link('confirm'),
      cancelUrl: link('cancel'),
    };
  }

  private async recordSent(message: MessageRecord, channel: Channel, providerMessageId: string): Promise<void> {
    const sentAt = new Date();
    await this.messages.transition(DELIVERY, message._id, [...LIVE], { status: 'sent', channel, sentAt, providerMessageId }, [this.events.sent(message, channel, sentAt)]);
  }
}
