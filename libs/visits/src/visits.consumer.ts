import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppointmentBookedData, AppointmentBookedV1, AppointmentBookedV2, AppointmentCancelledData, AppointmentCancelledV1, AppointmentCancelledV2,
  AppointmentCheckedInV1, AppointmentCompletedV1, AppointmentConfirmedV1, AppointmentNoShowV1, AppointmentRefData, AppointmentRescheduledData,
  AppointmentRescheduledV1, EventEnvelope,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { VisitsService } from './visits.service';

/** Scheduling's appointment events, kept as visits and handed to the features that listen (eligibility, authorizations). */
@Controller()
export class VisitsConsumer {
  constructor(private readonly visits: VisitsService) {}

  @OnEvent(AppointmentBookedV1, AppointmentBookedV2)
  async onBooked(@Payload() event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    await this.visits.booked(event);
  }

  @OnEvent(AppointmentRescheduledV1)
  async onRescheduled(@Payload() event: EventEnvelope<AppointmentRescheduledData>): Promise<void> {
    await this.visits.rescheduled(event);
  }

  @OnEvent(AppointmentConfirmedV1)
  async onConfirmed(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    await this.visits.statusChanged(event, 'confirmed');
  }

  @OnEvent(AppointmentCheckedInV1)
  async onCheckedIn(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    await this.visits.statusChanged(event, 'checked-in');
  }

  @OnEvent(AppointmentCompletedV1)
  async onCompleted(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    await this.visits.statusChanged(event, 'completed');
  }

  @OnEvent(AppointmentCancelledV1, AppointmentCancelledV2)
  async onCancelled(@Payload() event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    await this.visits.statusChanged(event, 'cancelled');
  }

  @OnEvent(AppointmentNoShowV1)
  async onNoShow(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    await this.visits.statusChanged(event, 'no-show');
  }
}
