import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import {
  AppointmentBookedData,
  AppointmentCancelledData,
  EventEnvelope,
  NotificationDto,
  NotificationFailedV1,
  NotificationSentV1,
} from '@clinic-flow/contracts';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, workContext } from '@clinic-flow/platform';
import { MESSAGE_CHANNELS, MessageChannel } from '../channels/channel';
import type { NotificationConfig } from '../config';
import { ContactsRepository } from '../contacts/contacts.repository';
import { REMINDERS_QUEUE_TOKEN } from './reminders.tokens';
import { reminderJobOptions, RemindersQueue } from './reminders.queue';
import { RemindersRepository } from './reminders.repository';
import { chooseChannel, planReminders, renderReminder } from './reminders.rules';
import { ReminderRecord } from './reminders.schema';

export type DeliveryOutcome = 'sent' | 'skipped' | 'cancelled';

const toDto = (r: ReminderRecord): NotificationDto => ({
  id: r._id,
  kind: r.kind,
  appointmentId: r.appointmentId,
  patientId: r.patientId,
  channel: r.channel,
  offset: r.offset,
  status: r.status,
  scheduledFor: r.scheduledFor.toISOString(),
  sentAt: r.sentAt?.toISOString(),
  failureReason: r.failureReason,
  createdAt: r.createdAt.toISOString(),
});

@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);
  private readonly channels: Map<string, MessageChannel>;

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly contacts: ContactsRepository,
    private readonly events: EventFactory,
    @Inject(REMINDERS_QUEUE_TOKEN) private readonly queue: RemindersQueue,
    @Inject(MESSAGE_CHANNELS) channels: MessageChannel[],
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  /** On a booking: remember the appointment and queue one reminder per configured offset. */
  async scheduleFor(event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    const a = event.data;
    const start = new Date(a.start);
    const now = new Date();
    const plan = planReminders(a.appointmentId, start, this.config.REMINDER_OFFSETS, now);
    await this.reminders.createView({
      _id: a.appointmentId,
      patientId: a.patientId,
      providerName: a.providerName,
      siteId: a.siteId,
      siteName: a.siteName,
      siteTimeZone: a.siteTimeZone,
      start,
      status: a.status,
      reminderIds: plan.map((r) => r.id),
      updatedAt: new Date(event.time),
    });
    for (const planned of plan) {
      const reminder = await this.reminders.createReminder({
        _id: planned.id,
        kind: 'appointment-reminder',
        appointmentId: a.appointmentId,
        patientId: a.patientId,
        siteId: a.siteId,
        offset: planned.offset,
        appointmentStart: start,
        scheduledFor: planned.scheduledFor,
        status: 'scheduled',
        attempts: 0,
        createdAt: now,
        updatedAt: now,
      });
      if (reminder.status !== 'scheduled') continue;
      // A job id the queue already holds is ignored, so a duplicate event adds nothing.
      await this.queue.add(
        'appointment-reminder',
        { reminderId: reminder._id, correlationId: event.correlationId },
        reminderJobOptions(planned.scheduledFor.getTime() - Date.now(), this.config.REMINDER_ATTEMPTS, this.config.REMINDER_BACKOFF_MS, reminder._id),
      );
    }
  }

  /** On a cancellation: nothing pending for that appointment may go out. */
  async cancelFor(event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    await this.reminders.setViewStatus(event.data.appointmentId, 'cancelled', new Date(event.time));
    const view = await this.reminders.findView(event.data.appointmentId);
    for (const reminder of view ? await this.reminders.listForAppointment(view) : []) {
      if (reminder.status !== 'scheduled') continue;
      await this.reminders.transition(reminder._id, 'scheduled', { status: 'cancelled', failureReason: 'appointment cancelled' });
      // A job that is running right now cannot be removed; it re-reads the view and sends nothing.
      await this.queue.remove(reminder._id).catch(() => 0);
    }
  }

  /**
   * Sends one reminder if it is still due: re-reads the reminder and the appointment first, so a
   * retry, a late job or a cancelled or moved appointment sends nothing.
   */
  async deliver(reminderId: string, attempt: { number: number; max: number }): Promise<DeliveryOutcome> {
    const reminder = await this.reminders.findReminder(reminderId);
    if (!reminder || reminder.status !== 'scheduled') return 'skipped';
    const appointment = await this.reminders.findView(reminder.appointmentId);
    if (!appointment || appointment.status === 'cancelled' || appointment.start.getTime() !== reminder.appointmentStart.getTime()) {
      await this.reminders.transition(reminderId, 'scheduled', { status: 'cancelled', failureReason: 'appointment cancelled or moved' });
      return 'cancelled';
    }
    await this.reminders.countAttempt(reminderId);
    try {
      const contact = await this.contacts.find(reminder.patientId);
      if (!contact) throw new Error(`contact details of patient ${reminder.patientId} are not known yet`);
      const route = chooseChannel(contact);
      if (!route) throw new UnrecoverableError('the patient has no email address or phone number');
      const channel = this.channels.get(route.channel);
      if (!channel) throw new UnrecoverableError(`channel ${route.channel} is not configured`);
      const message = renderReminder(
        { patientFirstName: contact.firstName, providerName: appointment.providerName, siteName: appointment.siteName, siteTimeZone: appointment.siteTimeZone, start: appointment.start },
        route.channel,
      );
      const { providerMessageId } = await channel.send({ to: route.address, ...message, idempotencyKey: reminderId });
      const sentAt = new Date();
      const sent = this.events.outboxEntry(NotificationSentV1, {
        subject: reminder.appointmentId,
        siteId: reminder.siteId,
        data: {
          messageId: reminderId,
          kind: reminder.kind,
          appointmentId: reminder.appointmentId,
          patientId: reminder.patientId,
          channel: route.channel,
          scheduledFor: reminder.scheduledFor.toISOString(),
          sentAt: sentAt.toISOString(),
        },
      });
      await this.reminders.transition(reminderId, 'scheduled', { status: 'sent', channel: route.channel, sentAt, providerMessageId }, [sent]);
      return 'sent';
    } catch (error) {
      const final = error instanceof UnrecoverableError || attempt.number >= attempt.max;
      if (final) await this.markFailed(reminder, (error as Error).message, attempt.number);
      else this.logger.warn(`reminder ${reminderId} attempt ${attempt.number} failed: ${(error as Error).message}`);
      throw error;
    }
  }

  async listForAppointment(appointmentId: string, user: AuthUser): Promise<{ items: NotificationDto[]; total: number; limit: number; offset: number }> {
    const view = await this.reminders.findView(appointmentId);
    if (view) assertSiteAccess(user, view.siteId);
    const items = view ? (await this.reminders.listForAppointment(view)).map(toDto) : [];
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  private async markFailed(reminder: ReminderRecord, reason: string, attempts: number): Promise<void> {
    const failed = this.events.outboxEntry(NotificationFailedV1, {
      subject: reminder.appointmentId,
      siteId: reminder.siteId,
      data: {
        messageId: reminder._id,
        kind: reminder.kind,
        appointmentId: reminder.appointmentId,
        patientId: reminder.patientId,
        scheduledFor: reminder.scheduledFor.toISOString(),
        error: reason,
        attempts,
      },
    });
    await this.reminders.transition(reminder._id, 'scheduled', { status: 'failed', failureReason: reason }, [failed]);
    this.logger.error(`reminder ${reminder._id} failed for good: ${reason} (correlation ${workContext.get()?.correlationId})`);
  }
}
