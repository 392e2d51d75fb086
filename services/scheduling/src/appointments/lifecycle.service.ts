import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  AppointmentCancelledV2,
  AppointmentCheckedInV1,
  AppointmentCompletedV1,
  AppointmentConfirmedV1,
  AppointmentDto,
  AppointmentNoShowV1,
  CancellingParty,
  PatientResponseReceivedData,
  ResponseVia,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, DomainError, notFound } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { AppointmentEffects } from './appointments.effects';
import { refData, toAppointmentDto } from './appointments.mapper';
import { AppointmentChange, AppointmentsRepository } from './appointments.repository';
import { assertCheckInWindow, assertNoShowAllowed, assertTransition, isNoShowDue, recallDueOn } from './appointments.rules';
import { AppointmentRecord } from './appointments.schema';

/** Who changes an appointment: a user id, `patient` (from a message) or `system` (the no-show timer). */
type Actor = string;

/**
 * The status changes of an appointment after booking: confirm, check in, check out, cancel,
 * no-show, by staff, by the patient's answer to a message, or by the no-show timer. Each one is a
 * checked transition written with its event; illegal ones are 409 APPOINTMENT.INVALID_TRANSITION.
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);

  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly directory: DirectoryRepository,
    private readonly effects: AppointmentEffects,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  confirm(id: string, user: AuthUser): Promise<AppointmentDto> {
    return this.asStaff(id, user, (a) => this.confirmation(a, user.id, 'staff'));
  }

  checkIn(id: string, user: AuthUser): Promise<AppointmentDto> {
    return this.asStaff(id, user, (a) => (rev) => {
      assertTransition(a.status, 'checked-in');
      const at = new Date();
      assertCheckInWindow(a.start, at);
      return {
        set: { status: 'checked-in', checkIn: { by: user.id, at } },
        history: { action: 'checked-in', at, by: user.id, revision: rev },
        events: [this.events.outboxEntry(AppointmentCheckedInV1, { subject: a._id, siteId: a.siteId, data: { ...refData(a, rev), checkedInBy: user.id, checkedInAt: at.toISOString() } })],
      };
    });
  }

  checkOut(id: string, user: AuthUser): Promise<AppointmentDto> {
    return this.asStaff(id, user, (a, timeZone) => (rev) => {
      assertTransition(a.status, 'completed');
      const at = new Date();
      const data = {
        ...refData(a, rev),
        completedBy: user.id,
        completedAt: at.toISOString(),
        appointmentTypeId: a.appointmentTypeId,
        appointmentTypeName: a.appointmentTypeName,
        recallDueOn: recallDueOn(a.start, timeZone, a.recallIntervalMonths),
      };
      return {
        set: { status: 'completed', completion: { by: user.id, at } },
        history: { action: 'completed', at, by: user.id, revision: rev },
        events: [this.events.outboxEntry(AppointmentCompletedV1, { subject: a._id, siteId: a.siteId, data })],
      };
    });
  }

  cancel(id: string, request: { reason: string; party?: CancellingParty }, user: AuthUser): Promise<AppointmentDto> {
    return this.asStaff(id, user, (a) => this.cancellation(a, request.reason, request.party ?? 'patient', user.id));
  }

  markNoShow(id: string, user: AuthUser): Promise<AppointmentDto> {
    return this.asStaff(id, user, (a) => {
      assertTransition(a.status, 'no-show');
      assertNoShowAllowed(a.start, new Date());
      return this.noShow(a, user.id);
    });
  }

  /**
   * The no-show timer: marks the appointment if it is still waiting for the patient at the start
   * the job was planned for (a moved appointment has its own job). Returns what it did.
   */
  async markNoShowIfDue(id: string, plannedStart: Date): Promise<string> {
    const scope = SiteScope.service('no-show timer');
    const a = await this.appointments.findById(scope, id);
    if (!a) return 'gone';
    if (a.start.getTime() !== plannedStart.getTime()) return 'moved';
    if (!isNoShowDue(a, new Date(), this.config.NO_SHOW_AFTER_MINUTES)) return `not due (${a.status})`;
    try {
      const updated = await this.appointments.change(scope, id, (current, rev) => {
        if (!isNoShowDue(current, new Date(), this.config.NO_SHOW_AFTER_MINUTES) || current.start.getTime() !== plannedStart.getTime()) {
          throw new DomainError('conflict', 'APPOINTMENT.NOT_DUE', 'changed meanwhile');
        }
        return this.noShow(current, 'system')(rev);
      });
      await this.effects.afterCommit(updated);
      return 'marked';
    } catch (error) {
      if (error instanceof DomainError && error.code === 'APPOINTMENT.NOT_DUE') return 'changed meanwhile';
      throw error;
    }
  }

  /**
   * A patient's answer to a message. A response that no longer applies (already confirmed or
   * cancelled, in the past, someone else's appointment) is ignored with a log line: it is not an
   * error, and redelivery changes nothing.
   */
  async applyPatientResponse(response: PatientResponseReceivedData): Promise<void> {
    const ignore = (why: string) =>
      this.logger.log(`patient response ${response.responseId} (${response.action}) to appointment ${response.appointmentId} ignored: ${why}`);
    const scope = SiteScope.service('patient response');
    const a = await this.appointments.findById(scope, response.appointmentId);
    if (!a) return ignore('no such appointment');
    if (a.patientId !== response.patientId) return ignore('the appointment is not this patient\'s');
    if (a.start.getTime() <= Date.now()) return ignore('the appointment has started');
    const wanted = response.action === 'confirm' ? 'confirmed' : 'cancelled';
    if (a.status === wanted) return ignore(`already ${wanted}`);
    try {
      const updated = await this.appointments.change(scope, a._id, (current, rev) =>
        response.action === 'confirm'
          ? this.confirmation(current, 'patient', response.via)(rev)
          : this.cancellation(current, `Cancelled by the patient (${response.via})`, 'patient', 'patient')(rev),
      );
      await this.effects.afterCommit(updated);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') return ignore(error.message);
      throw error;
    }
  }

  private confirmation(a: AppointmentRecord, by: Actor, via: 'staff' | ResponseVia) {
    return (rev: number): AppointmentChange => {
      assertTransition(a.status, 'confirmed');
      const at = new Date();
      return {
        set: { status: 'confirmed', confirmation: { via, confirmedBy: by, confirmedAt: at } },
        history: { action: 'confirmed', at, by, revision: rev, reason: via === 'staff' ? undefined : `by ${via}` },
        events: [this.events.outboxEntry(AppointmentConfirmedV1, { subject: a._id, siteId: a.siteId, data: { ...refData(a, rev), via, confirmedBy: by, confirmedAt: at.toISOString() } })],
      };
    };
  }

  private cancellation(a: AppointmentRecord, reason: string, party: CancellingParty, by: Actor) {
    return (rev: number): AppointmentChange => {
      assertTransition(a.status, 'cancelled');
      const at = new Date();
      // v2: the reason stays in the appointment's record (free text about the patient no consumer reads).
      const data = { ...refData(a, rev), cancelledBy: by, cancelledAt: at.toISOString(), party, end: a.end.toISOString(), appointmentTypeId: a.appointmentTypeId };
      return {
        set: { status: 'cancelled', cancellation: { reason, cancelledBy: by, cancelledAt: at, party } },
        history: { action: 'cancelled', at, by, revision: rev, reason: `${party}: ${reason}` },
        events: [this.events.outboxEntry(AppointmentCancelledV2, { subject: a._id, siteId: a.siteId, data })],
      };
    };
  }

  private noShow(a: AppointmentRecord, by: Actor) {
    return (rev: number): AppointmentChange => {
      assertTransition(a.status, 'no-show');
      const at = new Date();
      return {
        set: { status: 'no-show', noShow: { markedBy: by, markedAt: at } },
        history: { action: 'no-show', at, by, revision: rev },
        events: [this.events.outboxEntry(AppointmentNoShowV1, { subject: a._id, siteId: a.siteId, data: { ...refData(a, rev), markedBy: by, markedAt: at.toISOString() } })],
      };
    };
  }

  /**
   * A change by staff: site access first, then `decide` judges the appointment as it is inside the
   * per-document lock (so two desks clicking at once get one change and one 409).
   */
  private async asStaff(
    id: string,
    user: AuthUser,
    decide: (current: AppointmentRecord, timeZone: string) => (revision: number) => AppointmentChange,
  ): Promise<AppointmentDto> {
    const scope = SiteScope.of(user);
    const found = await this.appointments.findById(scope, id);
    if (!found) throw notFound('APPOINTMENT.NOT_FOUND', `There is no appointment ${id}.`);
    const timeZone = (await this.directory.findSite(found.siteId))?.timeZone ?? 'UTC';
    const updated = await this.appointments.change(scope, id, (current, rev) => decide(current, timeZone)(rev));
    await this.effects.afterCommit(updated);
    return toAppointmentDto(updated, timeZone);
  }
}
