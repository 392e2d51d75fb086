import { Inject, Injectable } from '@nestjs/common';
import { Channel, MESSAGE_STATUSES, MessageKind } from '@clinic-flow/contracts';
import { SiteScope } from '@clinic-flow/auth';
import { JobQueue } from '@clinic-flow/messaging';
import { workContext } from '@clinic-flow/platform';
import { PoliciesService } from '../policies/policies.service';
import { timeRespectingQuietHours } from '../policies/policies.rules';
import { MessageEvents } from './message-events';
import { MessageJobData, MessagesQueue } from './messages.queue';
import { MessagesRepository, NewMessage } from './messages.repository';
import { OPEN_STATUSES, planReminders } from './messages.rules';
import { AppointmentViewRecord, MessageRecord, MessageSnapshot } from './messages.schema';

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

/** Planning runs for the service itself, on events of every site. */
const PLANNING = SiteScope.service('message planning');

/**
 * Turns what happened into planned messages, and withdraws or moves them. Planning writes the
 * message (deterministic id) and queues a job with the same id, at the time its rule and the
 * policy's quiet hours allow; a duplicate event plans nothing twice.
 */
@Injectable()
export class MessagePlanningService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly policies: PoliciesService,
    private readonly events: MessageEvents,
    @Inject(MessagesQueue.token) private readonly queue: JobQueue<MessageJobData>,
  ) {}

  /**
   * The appointment reminders of the view as it is now (not as one event says: a late booking
   * event after a move plans for the new time). Steps from the policy, moved out of quiet hours,
   * or skipped with the reason when the allowed time is past the start.
   */
  async planAppointmentReminders(view: AppointmentViewRecord): Promise<void> {
    const now = new Date();
    if (!OPEN_STATUSES.includes(view.status) || !view.siteTimeZone || view.start.getTime() <= now.getTime()) return;
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

  /** One-off messages (follow-ups, outreach, recalls, offers) under the quiet hours of their site and type. */
  async planOneOff(plans: MessagePlan[], at: { siteId: string; appointmentTypeId?: string }): Promise<void> {
    const { quietHours } = await this.policies.effective(at.siteId, at.appointmentTypeId);
    await this.planMessages(plans, quietHours);
  }

  /** A notice to staff (break the glass): due now, whatever the hour; quiet hours are for patients. */
  async planStaffNotice(plan: MessagePlan): Promise<void> {
    await this.planMessages([plan], null);
  }

  /** Writes the messages (unless they exist), indexes them, and queues the ones to send. */
  private async planMessages(plans: MessagePlan[], quietHours: { start: string; end: string } | null): Promise<void> {
    if (!plans.length) return;
    const now = new Date();
    // Every stored message is indexed on its appointment's view, not only those created now: a
    // retry after a failure between the write and the index (Redis down at queue.add, a crash)
    // finds the message stored, and the view must still list it ($addToSet: harmless twice).
    // The messages of one plan are written and queued side by side (each its own document and job;
    // the patient's look-up they share is written under its document lock): a booking's reminders
    // wait for one round of writes, not one per reminder.
    const stored = await Promise.all(plans.map((plan) => this.planMessage(plan, quietHours, now)));
    const byAppointment = new Map<string, string[]>();
    for (const r of stored.filter((r) => r.appointmentId)) byAppointment.set(r.appointmentId!, [...(byAppointment.get(r.appointmentId!) ?? []), r._id]);
    for (const [appointmentId, ids] of byAppointment) await this.messages.addToView(appointmentId, ids);
  }

  /** Writes one message (unless it exists) and queues its job if it is to be sent; returns what is stored. */
  private async planMessage(plan: MessagePlan, quietHours: { start: string; end: string } | null, now: Date): Promise<MessageRecord> {
    const timing = timeRespectingQuietHours(plan.dueAt, plan.siteTimeZone, quietHours, plan.deadline);
    const record: NewMessage = {
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
    const skipped = record.status === 'skipped' ? [this.events.skipped(record, record.failureReason!)] : [];
    const { record: message } = await this.messages.createMessage(PLANNING, record, skipped);
    if (message.status !== 'scheduled') return message;
    // A job id the queue already holds is ignored, so a duplicate event adds nothing.
    await this.queue.add({ reminderId: message._id, correlationId: workContext.correlationId() }, { name: message.kind, delayMs: message.scheduledFor.getTime() - Date.now() });
    return message;
  }

  /**
   * Cancels the scheduled messages of an appointment that `stale` selects (default: every
   * appointment reminder) and removes their jobs. A job running right now cannot be removed; it
   * re-reads the view and sends nothing.
   */
  async cancelPending(view: AppointmentViewRecord | null, reason: string, stale: (r: MessageRecord) => boolean = (r) => r.kind === 'appointment-reminder'): Promise<void> {
    if (!view) return;
    for (const message of await this.messages.listForAppointment(PLANNING, view)) {
      if (message.status !== 'scheduled' || !stale(message)) continue;
      await this.messages.transition(PLANNING, message._id, 'scheduled', { status: 'cancelled', failureReason: reason });
      await this.queue.remove(message._id);
    }
  }

  /** Cancels one scheduled message by id (e.g. a waitlist offer that closed). */
  async cancelMessage(id: string, reason: string): Promise<void> {
    const cancelled = await this.messages.transition(PLANNING, id, 'scheduled', { status: 'cancelled', failureReason: reason });
    if (cancelled) await this.queue.remove(id);
  }

  /** Whatever the offer message's own status, its accept link answers "closed" from now on. */
  async markOfferClosed(id: string, how: 'accepted' | 'expired'): Promise<void> {
    await this.messages.transition(PLANNING, id, [...MESSAGE_STATUSES], { offerClosed: how });
  }
}
