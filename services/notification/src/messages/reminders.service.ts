import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import {
  AppointmentStatus,
  Channel,
  MessageKind,
  NotificationDto,
  NotificationFailedV1,
  NotificationSentV1,
  NotificationSkippedV1,
  MESSAGE_STATUSES,
} from '@clinic-flow/contracts';
import { AuthUser, assertSiteAccess, SiteScope } from '@clinic-flow/auth';
import { EventFactory, JobQueue } from '@clinic-flow/messaging';
import { APP_CONFIG, workContext } from '@clinic-flow/platform';
import { MESSAGE_CHANNELS, MessageChannel, SEND_FAULTS, SendFaults } from '../channels/channel';
import type { NotificationConfig } from '../config';
import { ContactsRepository } from '../contacts/contacts.repository';
import { PoliciesService } from '../policies/policies.service';
import { timeRespectingQuietHours } from '../policies/policies.rules';
import { ResponsesRepository } from '../responses/responses.repository';
import { LinkAction, signLink } from '../responses/responses.rules';
import { MessageContext, renderMessage } from '../templates/templates.renderer';
import { ReminderJobData, RemindersQueue } from './reminders.queue';
import { NewReminder, RemindersRepository } from './reminders.repository';
import { chooseChannel, offerHoldUntil, planReminders } from './reminders.rules';
import { AppointmentViewRecord, MessageSnapshot, ReminderRecord } from './reminders.schema';

export type DeliveryOutcome = 'sent' | 'skipped' | 'cancelled';

/** Appointment statuses in which reminders still go out. */
const OPEN: AppointmentStatus[] = ['booked', 'confirmed'];

export const toDto = (r: ReminderRecord): NotificationDto => ({
  id: r._id,
  kind: r.kind,
  appointmentId: r.appointmentId,
  waitlistEntryId: r.waitlistEntryId,
  patientId: r.patientId,
  channel: r.channel,
  offset: r.offset,
  status: r.status,
  dueAt: r.dueAt?.toISOString(),
  scheduledFor: r.scheduledFor.toISOString(),
  sentAt: r.sentAt?.toISOString(),
  reason: r.failureReason,
  failureReason: r.failureReason,
  attempts: r.attempts ?? 0,
  createdAt: r.createdAt.toISOString(),
});

/** A message to plan: its rule's due time, the time it is pointless after, and what it is about. */
export interface MessagePlan {
  id: string;
  kind: MessageKind;
  patientId: string;
  siteId: string;
  siteTimeZone: string;
  appointmentId?: string;
  waitlistEntryId?: string;
  offset?: string;
  appointmentStart?: Date;
  requestedChannel?: Channel;
  dueAt: Date;
  deadline?: Date;
  snapshot?: MessageSnapshot;
}

/**
 * Plans, moves, cancels and delivers every message to patients. Planning writes the message
 * (deterministic id) and queues a BullMQ job with the same id; delivery re-reads the message and,
 * for reminders, the appointment view, so a duplicate, late, cancelled or moved one sends nothing.
 */
/** Planning and delivery run for the service itself, on events and jobs of every site. */
const MESSAGING = SiteScope.service('message planning and delivery');

@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);
  private readonly channels: Map<string, MessageChannel>;

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly contacts: ContactsRepository,
    private readonly policies: PoliciesService,
    private readonly responses: ResponsesRepository,
    private readonly events: EventFactory,
    @Inject(RemindersQueue.token) private readonly queue: JobQueue<ReminderJobData>,
    @Inject(MESSAGE_CHANNELS) channels: MessageChannel[],
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    @Optional() @Inject(SEND_FAULTS) private readonly faults?: SendFaults,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  // ---------------------------------------------------------------------------------------------
  // Planning
  // ---------------------------------------------------------------------------------------------

  /**
   * The appointment reminders of the view as it is now (not as one event says: a late booking
   * event after a move plans for the new time). Steps from the policy, moved out of quiet hours,
   * or skipped with the reason when the allowed time is past the start.
   */
  async planAppointmentReminders(view: AppointmentViewRecord): Promise<void> {
    const now = new Date();
    if (!OPEN.includes(view.status) || !view.siteTimeZone || view.start.getTime() <= now.getTime()) return;
    const policy = await this.policies.effective(view.siteId, view.appointmentTypeId);
    // Reminders that were due after the booking happened are planned even if their time passed
    // while the event waited in Kafka (consumer lag): they go out late rather than never.
    const bookedAt = view.asOf && view.asOf.getTime() < now.getTime() ? view.asOf : now;
    const plans = planReminders(view._id, view.start, policy.steps, bookedAt).map(
      (r): MessagePlan => ({
        id: r.id,
        kind: 'appointment-reminder',
        patientId: view.patientId,
        siteId: view.siteId,
        siteTimeZone: view.siteTimeZone,
        appointmentId: view._id,
        offset: r.offset,
        appointmentStart: view.start,
        requestedChannel: r.channel,
        dueAt: r.dueAt,
        deadline: view.start,
      }),
    );
    await this.planMessages(plans, policy.quietHours);
  }

  /** Writes the messages (unless they exist), indexes them, and queues the ones to send. */
  async planMessages(plans: MessagePlan[], quietHours: { start: string; end: string } | null): Promise<void> {
    if (!plans.length) return;
    const now = new Date();
    const created: ReminderRecord[] = [];
    for (const plan of plans) {
      const timing = timeRespectingQuietHours(plan.dueAt, plan.siteTimeZone, quietHours, plan.deadline);
      const record: NewReminder = {
        _id: plan.id,
        kind: plan.kind,
        ...(plan.appointmentId ? { appointmentId: plan.appointmentId } : {}),
        ...(plan.waitlistEntryId ? { waitlistEntryId: plan.waitlistEntryId } : {}),
        patientId: plan.patientId,
        siteId: plan.siteId,
        ...(plan.offset ? { offset: plan.offset } : {}),
        ...(plan.appointmentStart ? { appointmentStart: plan.appointmentStart } : {}),
        ...(plan.requestedChannel ? { requestedChannel: plan.requestedChannel } : {}),
        ...(plan.snapshot ? { snapshot: plan.snapshot } : {}),
        dueAt: plan.dueAt,
        scheduledFor: 'at' in timing ? timing.at : plan.dueAt,
        status: 'at' in timing ? 'scheduled' : 'skipped',
        ...('skip' in timing ? { failureReason: timing.skip } : timing.shifted ? { failureReason: `moved out of quiet hours ${quietHours!.start}-${quietHours!.end}` } : {}),
        attempts: 0,
        createdAt: now,
        updatedAt: now,
      };
      // A message that will never go out says so, for those waiting on it (a waitlist offer's slot).
      const skipped = record.status === 'skipped' ? [this.skippedEvent(record, record.failureReason!)] : [];
      const { record: stored, created: isNew } = await this.reminders.createReminder(MESSAGING, record, skipped);
      if (isNew) created.push(stored);
      if (stored.status !== 'scheduled') continue;
      // A job id the queue already holds is ignored, so a duplicate event adds nothing.
      await this.queue.add({ reminderId: stored._id, correlationId: workContext.correlationId() }, { name: stored.kind, delayMs: stored.scheduledFor.getTime() - Date.now() });
    }
    const byAppointment = new Map<string, string[]>();
    for (const r of created.filter((r) => r.appointmentId)) byAppointment.set(r.appointmentId!, [...(byAppointment.get(r.appointmentId!) ?? []), r._id]);
    for (const [appointmentId, ids] of byAppointment) await this.reminders.addToView(appointmentId, ids);
  }

  /** Effective quiet hours of a site (and type), for one-off messages. */
  async quietHoursOf(siteId: string, appointmentTypeId?: string) {
    return (await this.policies.effective(siteId, appointmentTypeId)).quietHours;
  }

  /**
   * Cancels the scheduled messages of an appointment that `stale` selects (default: every
   * appointment reminder) and removes their jobs. A job running right now cannot be removed; it
   * re-reads the view and sends nothing.
   */
  async cancelPending(view: AppointmentViewRecord | null, reason: string, stale: (r: ReminderRecord) => boolean = (r) => r.kind === 'appointment-reminder'): Promise<void> {
    if (!view) return;
    for (const reminder of await this.reminders.listForAppointment(MESSAGING, view)) {
      if (reminder.status !== 'scheduled' || !stale(reminder)) continue;
      await this.reminders.transition(MESSAGING, reminder._id, 'scheduled', { status: 'cancelled', failureReason: reason });
      await this.queue.remove(reminder._id);
    }
  }

  /** Cancels one scheduled message by id (e.g. a waitlist offer that closed). */
  async cancelMessage(id: string, reason: string): Promise<void> {
    const cancelled = await this.reminders.transition(MESSAGING, id, 'scheduled', { status: 'cancelled', failureReason: reason });
    if (cancelled) await this.queue.remove(id);
  }

  /** Whatever the offer message's own status, its accept link answers "closed" from now on. */
  async markOfferClosed(id: string, how: 'accepted' | 'expired'): Promise<void> {
    await this.reminders.transition(MESSAGING, id, [...MESSAGE_STATUSES], { offerClosed: how });
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery
  // ---------------------------------------------------------------------------------------------

  /**
   * Sends one message if it is still due: re-reads it (and for a reminder the appointment) first,
   * so a retry, a late job or a cancelled or moved appointment sends nothing. The message is
   * `sending` during the provider call; the channel is idempotent per message id, so a crash
   * between the send and recording it is recovered by the retry without a second message.
   */
  async deliver(reminderId: string, attempt: { number: number; max: number }): Promise<DeliveryOutcome> {
    const reminder = await this.reminders.findReminder(MESSAGING, reminderId);
    if (!reminder || !['scheduled', 'sending'].includes(reminder.status)) return 'skipped';
    const live = ['scheduled', 'sending'] as const;
    const stop = async (status: 'cancelled' | 'skipped', reason: string): Promise<DeliveryOutcome> => {
      const events = status === 'skipped' ? [this.skippedEvent(reminder, reason)] : [];
      await this.reminders.transition(MESSAGING, reminderId, [...live], { status, failureReason: reason }, events);
      return status;
    };

    let context: Omit<MessageContext, 'firstName'>;
    let snapshot = reminder.snapshot;
    if (reminder.kind === 'appointment-reminder') {
      const view = await this.reminders.findView(reminder.appointmentId!);
      if (!view || !OPEN.includes(view.status)) return stop('cancelled', `appointment ${view?.status ?? 'unknown'}`);
      if (view.start.getTime() !== reminder.appointmentStart?.getTime()) return stop('cancelled', 'appointment moved');
      if (view.start.getTime() <= Date.now()) return stop('skipped', 'the appointment started before the reminder could be sent');
      context = this.reminderContext(reminder, view);
    } else {
      let s = reminder.snapshot!;
      if (reminder.kind === 'waitlist-offer' && s.start.getTime() <= Date.now()) return stop('skipped', 'the slot started before the offer could be sent');
      // The hold starts now, when the patient is told; fixed at the first attempt so a retry's text, link and event agree.
      if (reminder.kind === 'waitlist-offer' && s.holdMinutes !== undefined && !s.expiresAt) s = { ...s, expiresAt: offerHoldUntil(new Date(), s.holdMinutes, s.start) };
      if (s.expiresAt && s.expiresAt.getTime() <= Date.now()) return stop('skipped', 'the offer expired before it could be sent');
      snapshot = s;
      context = { providerName: s.providerName, siteName: s.siteName, siteTimeZone: s.siteTimeZone, start: s.start, typeName: s.appointmentTypeName, expiresAt: s.expiresAt, recallDueOn: s.recallDueOn, noShow: s.noShow };
      if (reminder.kind === 'waitlist-offer' && s.offerId && s.expiresAt) context.acceptUrl = this.responseLink(reminder._id, 'accept-offer', s.expiresAt);
    }

    try {
      const contact = await this.contacts.find(reminder.patientId);
      if (!contact) throw new Error(`contact details of patient ${reminder.patientId} are not known yet`);
      const route = chooseChannel(contact, reminder.requestedChannel);
      if ('skip' in route) return await stop('skipped', route.skip);
      const channel = this.channels.get(route.channel);
      if (!channel) throw new UnrecoverableError(`channel ${route.channel} is not configured`);
      await this.reminders.transition(MESSAGING, reminderId, [...live], { status: 'sending', channel: route.channel, ...(snapshot ? { snapshot } : {}) }, [], { attempts: 1 });
      const message = renderMessage(reminder.kind, contact.language ?? 'en', route.channel, { ...context, firstName: contact.firstName });
      // The reply thread is written before the SMS goes out, so an immediate reply finds it.
      if (route.channel === 'sms' && reminder.kind === 'appointment-reminder') {
        await this.responses.rememberSms({
          _id: route.address,
          messageId: reminder._id,
          appointmentId: reminder.appointmentId!,
          patientId: reminder.patientId,
          siteId: reminder.siteId,
          language: contact.language ?? 'en',
          sentAt: new Date(),
        });
      }
      const { providerMessageId } = await channel.send({ to: route.address, ...message, idempotencyKey: reminderId });
      await this.faults?.afterSend?.(reminderId);
      await this.recordSent({ ...reminder, snapshot }, route.channel, providerMessageId);
      return 'sent';
    } catch (error) {
      // Back to `scheduled` for the retry; the last failure is recorded by failForGood.
      await this.reminders.transition(MESSAGING, reminderId, 'sending', { status: 'scheduled', failureReason: `attempt ${attempt.number} failed: ${(error as Error).message}` });
      throw error;
    }
  }

  /**
   * The message's job will not run again (attempts exhausted, an unrecoverable error, or its
   * worker died too often): the message ends `failed` with `notification.failed`, in one write.
   * Called by the worker for every such job, whichever step failed; a message that already
   * ended (sent, cancelled, skipped, failed) is left as it is.
   */
  async failForGood(reminderId: string, reason: string, attempts: number): Promise<void> {
    const reminder = await this.reminders.findReminder(MESSAGING, reminderId);
    if (!reminder || !['scheduled', 'sending'].includes(reminder.status)) return;
    await this.markFailed(reminder, reason, attempts);
  }

  /** A signed link that answers this message (confirm, cancel, take the offer) until `expiresAt`. */
  private responseLink(messageId: string, action: LinkAction, expiresAt: Date): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/r/${signLink({ messageId, action, expiresAt }, this.config.RESPONSE_LINK_SECRET)}`;
  }

  private reminderContext(reminder: ReminderRecord, view: AppointmentViewRecord): Omit<MessageContext, 'firstName'> {
    const link = (action: 'confirm' | 'cancel') => this.responseLink(reminder._id, action, view.start);
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

  /** Key, site and the message fields every notification.* event carries. */
  private messageRef(reminder: Omit<ReminderRecord, 'version'>) {
    return {
      subject: reminder.appointmentId ?? reminder.waitlistEntryId ?? reminder.patientId,
      siteId: reminder.siteId,
      data: {
        messageId: reminder._id,
        kind: reminder.kind,
        appointmentId: reminder.appointmentId,
        waitlistEntryId: reminder.waitlistEntryId,
        offerId: reminder.snapshot?.offerId,
        patientId: reminder.patientId,
        scheduledFor: reminder.scheduledFor.toISOString(),
      },
    };
  }

  private skippedEvent(reminder: Omit<ReminderRecord, 'version'>, reason: string) {
    const { data, ...ref } = this.messageRef(reminder);
    return this.events.outboxEntry(NotificationSkippedV1, { ...ref, data: { ...data, reason } });
  }

  private async recordSent(reminder: ReminderRecord, channel: Channel, providerMessageId: string): Promise<void> {
    const sentAt = new Date();
    const { data, ...ref } = this.messageRef(reminder);
    const offerExpiresAt = reminder.kind === 'waitlist-offer' && reminder.snapshot?.expiresAt ? { offerExpiresAt: reminder.snapshot.expiresAt.toISOString() } : {};
    const sent = this.events.outboxEntry(NotificationSentV1, { ...ref, data: { ...data, channel, sentAt: sentAt.toISOString(), ...offerExpiresAt } });
    await this.reminders.transition(MESSAGING, reminder._id, ['scheduled', 'sending'], { status: 'sent', channel, sentAt, providerMessageId }, [sent]);
  }

  private async markFailed(reminder: ReminderRecord, reason: string, attempts: number): Promise<void> {
    const { data, ...ref } = this.messageRef(reminder);
    const failed = this.events.outboxEntry(NotificationFailedV1, { ...ref, data: { ...data, error: reason, attempts } });
    await this.reminders.transition(MESSAGING, reminder._id, ['scheduled', 'sending'], { status: 'failed', failureReason: reason }, [failed]);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------------------------

  async listForAppointment(appointmentId: string, user: AuthUser): Promise<{ items: NotificationDto[]; total: number; limit: number; offset: number }> {
    const view = await this.reminders.findView(appointmentId);
    if (view) assertSiteAccess(user, view.siteId);
    const items = view ? (await this.reminders.listForAppointment(SiteScope.of(user), view)).map(toDto) : [];
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  /** A patient's messages at the caller's sites, oldest first. */
  async listForPatient(patientId: string, user: AuthUser): Promise<{ items: NotificationDto[]; total: number; limit: number; offset: number }> {
    const items = (await this.reminders.listForPatient(SiteScope.of(user), patientId)).map(toDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }
}
