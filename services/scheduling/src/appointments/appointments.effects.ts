import { Inject, Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { APP_CONFIG, errorMessageForLog } from '@clinic-flow/platform';
import { CalendarRepository } from '../calendar/calendar.repository';
import type { SchedulingConfig } from '../config';
import { calendarEntryOf } from './appointments.mapper';
import { AppointmentsRepository } from './appointments.repository';
import { HOLDS_TIME, noShowDueAt } from './appointments.rules';
import { AppointmentRecord } from './appointments.schema';
import { NoShowPlanner } from './no-show.queue';

export interface MovedFrom {
  providerId: string;
  start: Date;
}

/**
 * What follows a committed change of an appointment, outside its document: the busy-time
 * projection, the automatic no-show job, and giving back slot claims it no longer needs. Each
 * step is idempotent. Right after the write the database steps run best effort (a failure is
 * logged); the service's own consumer of appointment events runs them all again, so a crash in
 * between heals. The no-show job (Redis) is planned from that event only, never in the request
 * path: with Redis down a booking still answers at once, and the job is planned when Redis is
 * back (the consumer waits on a transient error).
 */
@Injectable()
export class AppointmentEffects {
  private readonly logger = new Logger(AppointmentEffects.name);

  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly calendar: CalendarRepository,
    private readonly noShow: NoShowPlanner,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  /** Best effort, right after the write: the database steps; the job waits for the event. */
  async afterCommit(appointment: AppointmentRecord, movedFrom?: MovedFrom): Promise<void> {
    try {
      await this.apply(appointment, movedFrom, { planJobs: false });
    } catch (error) {
      this.logger.warn(`effects of appointment ${appointment._id} r${appointment.revision} deferred to its event: ${errorMessageForLog(error)}`);
    }
  }

  /** From the appointment's own event: re-reads it and applies its current state; throws to be retried. */
  async heal(appointmentId: string, movedFrom?: MovedFrom): Promise<void> {
    const appointment = await this.appointments.findById(SiteScope.service('heal from own event'), appointmentId);
    if (appointment) await this.apply(appointment, movedFrom, { checkFirst: true });
  }

  private async apply(appointment: AppointmentRecord, movedFrom?: MovedFrom, options: { checkFirst?: boolean; planJobs?: boolean } = {}): Promise<void> {
    await this.calendar.apply(calendarEntryOf(appointment), movedFrom);
    if (options.planJobs !== false && (appointment.status === 'booked' || appointment.status === 'confirmed')) {
      await this.noShow.plan(appointment, noShowDueAt(appointment.start, this.config.NO_SHOW_AFTER_MINUTES));
    }
    const claims = appointment.claims ?? [];
    if (!HOLDS_TIME.includes(appointment.status) && claims.length) {
      // Claims go all at once: when healing, the first one tells whether the release already ran.
      if (options.checkFirst && !(await this.appointments.holdsCell(appointment._id, claims[0]))) return;
      await this.appointments.releaseCells(appointment._id, claims);
    }
  }
}
