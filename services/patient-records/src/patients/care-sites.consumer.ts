import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AppointmentCheckedInV1, AppointmentCompletedV1, AppointmentRefData, AppointmentRescheduledV1, AppointmentBookedV1, AppointmentBookedV2, EventEnvelope } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { PatientsService } from './patients.service';

/**
 * The care relationship from scheduling's appointments: a booking, a move, a check-in or a completed
 * visit at a site puts that site among the patient's care sites (care-relationship.rules.ts), so its
 * staff see the patient from then on. Until the event is applied (usually well under a second after
 * the booking) the site's staff still get 404. Cancellations and no-shows take nothing away.
 * Idempotent: a site already there writes nothing. (The timeline consumes the same events too.)
 */
@Controller()
export class CareSitesConsumer {
  constructor(private readonly patients: PatientsService) {}

  @OnEvent(AppointmentBookedV1, AppointmentBookedV2)
  onBooked(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.visit(event.data);
  }

  @OnEvent(AppointmentRescheduledV1)
  onRescheduled(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.visit(event.data);
  }

  @OnEvent(AppointmentCheckedInV1)
  onCheckedIn(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.visit(event.data);
  }

  @OnEvent(AppointmentCompletedV1)
  onCompleted(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.visit(event.data);
  }

  private async visit(a: AppointmentRefData): Promise<void> {
    await this.patients.addCareSite(a.patientId, a.siteId, a.appointmentId);
  }
}
