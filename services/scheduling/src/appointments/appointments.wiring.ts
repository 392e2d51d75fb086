import { Provider, Type } from '@nestjs/common';
import type { SchedulingConfig } from '../config';
import { DayViewController } from '../day-view/day-view.controller';
import { DayViewService } from '../day-view/day-view.service';
import { PatientNamesConsumer } from '../patients/patient-names.consumer';
import { PatientNamesRepository } from '../patients/patient-names.repository';
import { jobProviders } from '@clinic-flow/messaging';
import { OfferExpiryPlanner } from '../waitlist/offer-expiry.queue';
import { offerExpiryWorker } from '../waitlist/offer-expiry.worker';
import { WaitlistConsumer } from '../waitlist/waitlist.consumer';
import { WaitlistController } from '../waitlist/waitlist.controller';
import { WaitlistRepository } from '../waitlist/waitlist.repository';
import { WaitlistService } from '../waitlist/waitlist.service';
import { AppointmentsConsumer } from './appointments.consumer';
import { AppointmentsController } from './appointments.controller';
import { AppointmentEffects } from './appointments.effects';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService } from './appointments.service';
import { DemoBookingsSeed } from './demo-bookings';
import { LifecycleService } from './lifecycle.service';
import { NoShowPlanner } from './no-show.queue';
import { noShowWorker } from './no-show.worker';
import { RescheduleService } from './reschedule.service';

/*
 * The appointment lifecycle, waitlist and day views in one list, so the app module (shared with
 * the calendar set-up) names them once. They need the directory, catalog, calendar and
 * BookingCheck providers of the app module.
 */

export const lifecycleControllers: Type[] = [AppointmentsController, AppointmentsConsumer, WaitlistController, WaitlistConsumer, DayViewController, PatientNamesConsumer];

export function lifecycleProviders(config: SchedulingConfig): Provider[] {
  return [
    // Timers: the automatic no-show and the expiry of waitlist offers.
    ...jobProviders({ redisUrl: config.REDIS_URL, lockDurationMs: config.JOBS_LOCK_DURATION_MS, stalledIntervalMs: config.JOBS_STALLED_INTERVAL_MS }, [noShowWorker, offerExpiryWorker]),
    AppointmentsRepository,
    PatientNamesRepository,
    AppointmentEffects,
    AppointmentsService,
    LifecycleService,
    RescheduleService,
    NoShowPlanner,
    WaitlistRepository,
    WaitlistService,
    OfferExpiryPlanner,
    DayViewService,
    DemoBookingsSeed,
  ];
}
