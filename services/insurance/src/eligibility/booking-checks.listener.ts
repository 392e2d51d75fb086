import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '@clinic-flow/messaging';
import { APP_CONFIG, workContext } from '@clinic-flow/platform';
import { VisitChange, VisitListener, VisitListeners } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { EligibilityBookingJob, EligibilityBookingQueue } from './eligibility-booking.queue';
import { withinBookingWindow } from './eligibility-timing.rules';

/**
 * Eligibility at booking: a visit booked or moved to a date within the window (site-local today ..
 * today + ELIGIBILITY_BOOKING_WINDOW_DAYS) gets a job that checks the patient's coverages. It runs
 * after scheduling's event, so booking is never blocked or slowed; the job id (appointment + date)
 * makes a redelivered event plan nothing more.
 */
@Injectable()
export class BookingChecksListener implements VisitListener, OnModuleInit {
  readonly name = 'eligibility-at-booking';

  constructor(
    private readonly listeners: VisitListeners,
    @Inject(EligibilityBookingQueue.token) private readonly queue: JobQueue<EligibilityBookingJob>,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  async onVisitChanged({ kind, visit, previous }: VisitChange): Promise<void> {
    if (kind !== 'booked' && kind !== 'rescheduled') return;
    if (kind === 'rescheduled' && previous?.dateOfService === visit.dateOfService) return;
    if (!withinBookingWindow(visit.dateOfService, visit.siteTimeZone, new Date(), this.config.ELIGIBILITY_BOOKING_WINDOW_DAYS)) return;
    await this.queue.add({ appointmentId: visit._id, dateOfService: visit.dateOfService, correlationId: workContext.correlationId() });
  }
}
