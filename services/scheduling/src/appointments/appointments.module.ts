import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { AvailabilityModule } from '../availability/availability.module';
import { CalendarModule } from '../calendar/calendar.module';
import { DirectoryModule } from '../directory/directory.module';
import { InsuranceModule } from '../insurance/authorization-gate';
import { PatientsModule } from '../patients/patients.module';
import { AppointmentsFhirController } from './appointments-fhir.controller';
import { AppointmentsFhirService } from './appointments-fhir.service';
import { AppointmentsConsumer } from './appointments.consumer';
import { AppointmentsController } from './appointments.controller';
import { AppointmentEffects } from './appointments.effects';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService } from './appointments.service';
import { DemoBookingsSeed } from './demo-bookings';
import { IdempotentBooking } from './idempotent-booking.service';
import { LifecycleService } from './lifecycle.service';
import { NoShowPlanner, noShowSource } from './no-show.queue';
import { noShowWorker } from './no-show.worker';
import { RescheduleService } from './reschedule.service';

/** Booking and the appointment lifecycle, with the automatic no-show, and the FHIR Appointment reads. */
@Module({
  imports: [AvailabilityModule, CalendarModule, DirectoryModule, PatientsModule, InsuranceModule],
  controllers: [AppointmentsController, AppointmentsConsumer, AppointmentsFhirController],
  providers: [
    ...jobQueueProviders([noShowWorker]), ...jobSourceProviders([noShowSource]),
    AppointmentsRepository,
    AppointmentEffects,
    AppointmentsService,
    IdempotentBooking,
    AppointmentsFhirService,
    LifecycleService,
    RescheduleService,
    NoShowPlanner,
    DemoBookingsSeed,
  ],
  exports: [AppointmentsRepository, AppointmentEffects, AppointmentsService],
})
export class AppointmentsModule {}
