import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppointmentCheckedInV1,
  AppointmentCompletedV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRefData,
  EventEnvelope,
  PatientResponseReceivedData,
  PatientResponseReceivedV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { AppointmentEffects } from './appointments.effects';
import { LifecycleService } from './lifecycle.service';

/**
 * Scheduling reads its own appointment events (at least once, in order per appointment) to finish
 * what follows a change outside the appointment document, idempotently: the busy-time projection
 * and the no-show job. It also applies patients' answers to messages (confirm / cancel). A booking,
 * a cancellation and a reschedule also concern the waitlist: `waitlist.consumer.ts` handles those
 * (one handler per event type), healing the projection first as this does.
 */
@Controller()
export class AppointmentsConsumer {
  constructor(
    private readonly effects: AppointmentEffects,
    private readonly lifecycle: LifecycleService,
  ) {}

  @OnEvent(AppointmentConfirmedV1)
  onConfirmed(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(AppointmentCheckedInV1)
  onCheckedIn(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(AppointmentCompletedV1)
  onCompleted(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    // A no-show's time is in the past: nothing to offer the waitlist.
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(PatientResponseReceivedV1)
  onPatientResponse(@Payload() event: EventEnvelope<PatientResponseReceivedData>): Promise<void> {
    return this.lifecycle.applyPatientResponse(event.data);
  }
}
