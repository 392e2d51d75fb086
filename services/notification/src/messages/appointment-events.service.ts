import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AppointmentBookedData,
  AppointmentCancelledData,
  AppointmentCheckedInData,
  AppointmentCompletedData,
  AppointmentConfirmedData,
  AppointmentNoShowData,
  AppointmentRefData,
  AppointmentRescheduledData,
  EventEnvelope,
  WaitlistOfferClosedData,
  WaitlistOfferMadeData,
} from '@clinic-flow/contracts';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { NotificationConfig } from '../config';
import { MessagesRepository } from './messages.repository';
import { followUpDue, messageIds, recallDue } from './messages.rules';
import { AppointmentViewRecord } from './messages.schema';
import { MessagePlan, MessagePlanningService } from './planning.service';

const orderOf = (event: EventEnvelope<AppointmentRefData>) => ({ revision: event.data.revision, at: new Date(event.time) });

/** Who, when and where: what every appointment event sets on the view. */
const refOf = (a: AppointmentRefData) => ({ patientId: a.patientId, providerId: a.providerId, siteId: a.siteId, start: new Date(a.start) });

/** What a booking and a move both state in full: the names and the zone besides who, when and where. */
const placeOf = (a: AppointmentBookedData | AppointmentRescheduledData) => ({
  ...refOf(a),
  providerName: a.providerName,
  siteName: a.siteName,
  siteTimeZone: a.siteTimeZone,
  status: a.status,
});

/**
 * What each appointment and waitlist event means for the messages to patients. Every handler is
 * idempotent: views only move forward (revision or event time), message ids are deterministic,
 * and planning reads the view as it now is, so redelivered, late or out-of-order events are harmless.
 */
@Injectable()
export class AppointmentEventsService {
  private readonly logger = new Logger(AppointmentEventsService.name);

  constructor(
    private readonly views: MessagesRepository,
    private readonly planning: MessagePlanningService,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async booked(event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    const a = event.data;
    const { view } = await this.views.applyToView(a.appointmentId, orderOf(event), {
      ...placeOf(a),
      appointmentTypeId: a.appointmentTypeId,
      appointmentTypeName: a.appointmentTypeName,
    });
    await this.planning.planAppointmentReminders(view);
  }

  /** Old reminders (planned for the old start) are cancelled; new ones, with new ids, are planned. */
  async rescheduled(event: EventEnvelope<AppointmentRescheduledData>): Promise<void> {
    const a = event.data;
    const { view } = await this.views.applyToView(a.appointmentId, orderOf(event), placeOf(a));
    await this.planning.cancelPending(view, 'appointment moved', (r) => r.kind === 'appointment-reminder' && r.appointmentStart?.getTime() !== view.start.getTime());
    await this.planning.planAppointmentReminders(view);
  }

  async confirmed(event: EventEnvelope<AppointmentConfirmedData>): Promise<void> {
    await this.setStatus(event, 'confirmed');
  }

  async checkedIn(event: EventEnvelope<AppointmentCheckedInData>): Promise<void> {
    const view = await this.setStatus(event, 'checked-in');
    await this.planning.cancelPending(view, 'patient checked in');
  }

  async cancelled(event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    const view = await this.setStatus(event, 'cancelled');
    await this.planning.cancelPending(view, 'appointment cancelled');
    if (event.data.party === 'clinic' && view?.status === 'cancelled') await this.rebookingOutreach(view, false);
  }

  async noShow(event: EventEnvelope<AppointmentNoShowData>): Promise<void> {
    const view = await this.setStatus(event, 'no-show');
    await this.planning.cancelPending(view, 'patient did not come');
    if (view?.status === 'no-show') await this.rebookingOutreach(view, true);
  }

  /** After check-out: a post-visit follow-up after FOLLOW_UP_DELAY, and a recall when one is due. */
  async completed(event: EventEnvelope<AppointmentCompletedData>): Promise<void> {
    const a = event.data;
    const view = await this.setStatus(event, 'completed', { appointmentTypeId: a.appointmentTypeId, appointmentTypeName: a.appointmentTypeName });
    await this.planning.cancelPending(view, 'visit completed');
    if (!view?.siteTimeZone || view.status !== 'completed') {
      this.logger.warn(`no follow-ups for appointment ${a.appointmentId}: its booking was never seen`);
      return;
    }
    const base = this.plan(view);
    const plans: MessagePlan[] = [{ ...base, id: messageIds.followUp(view._id), kind: 'post-visit-follow-up', dueAt: followUpDue(new Date(a.completedAt), this.config.FOLLOW_UP_DELAY) }];
    if (a.recallDueOn) {
      const due = recallDue(a.recallDueOn, view.siteTimeZone, this.config.RECALL_SEND_TIME, this.config.RECALL_LEAD);
      plans.push({
        ...base,
        id: messageIds.recall(view._id),
        kind: 'recall-reminder',
        dueAt: due.getTime() > Date.now() ? due : new Date(),
        snapshot: { ...base.snapshot!, recallDueOn: a.recallDueOn },
      });
    }
    await this.planning.planOneOff(plans, view);
  }

  /**
   * Sent now (or at the end of quiet hours). An offer with a hold (`holdMinutes`) is held from
   * when the message goes out, and skipped if quiet hours last past its send-by time; an offer
   * without one (an older producer) keeps its fixed expiry and is skipped if that comes first.
   */
  async offerMade(event: EventEnvelope<WaitlistOfferMadeData>): Promise<void> {
    const o = event.data;
    const held = o.holdMinutes !== undefined;
    const plan: MessagePlan = {
      id: messageIds.waitlistOffer(o.offerId),
      kind: 'waitlist-offer',
      patientId: o.patientId,
      siteId: o.siteId,
      siteTimeZone: o.siteTimeZone,
      waitlistEntryId: o.entryId,
      dueAt: new Date(),
      deadline: new Date(held ? (o.sendBy ?? o.start) : o.expiresAt),
      snapshot: {
        providerName: o.providerName,
        siteName: o.siteName,
        siteTimeZone: o.siteTimeZone,
        start: new Date(o.start),
        appointmentTypeName: o.appointmentTypeName,
        ...(held ? { holdMinutes: o.holdMinutes } : { expiresAt: new Date(o.expiresAt) }),
        offerId: o.offerId,
      },
    };
    await this.planning.planOneOff([plan], o);
  }

  async offerClosed(event: EventEnvelope<WaitlistOfferClosedData>, how: 'accepted' | 'expired'): Promise<void> {
    const id = messageIds.waitlistOffer(event.data.offerId);
    await this.planning.cancelMessage(id, `offer ${how}`);
    await this.planning.markOfferClosed(id, how);
  }

  private async setStatus(event: EventEnvelope<AppointmentRefData>, status: AppointmentViewRecord['status'], extra: Partial<AppointmentViewRecord> = {}): Promise<AppointmentViewRecord> {
    const a = event.data;
    const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
    const { view } = await this.views.applyToView(a.appointmentId, orderOf(event), { ...refOf(a), status, ...defined });
    return view;
  }

  private plan(view: AppointmentViewRecord): Omit<MessagePlan, 'id' | 'kind' | 'dueAt'> {
    return {
      patientId: view.patientId,
      siteId: view.siteId,
      siteTimeZone: view.siteTimeZone,
      appointmentId: view._id,
      snapshot: { providerName: view.providerName, siteName: view.siteName, siteTimeZone: view.siteTimeZone, start: view.start, appointmentTypeName: view.appointmentTypeName },
    };
  }

  private async rebookingOutreach(view: AppointmentViewRecord, noShow: boolean): Promise<void> {
    if (!view.siteTimeZone) return;
    const base = this.plan(view);
    await this.planning.planOneOff([{ ...base, id: messageIds.rebooking(view._id), kind: 'rebooking-outreach', dueAt: new Date(), snapshot: { ...base.snapshot!, noShow } }], view);
  }
}
