import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppointmentBookedData,
  AppointmentBookedV1,
  AppointmentBookedV2,
  AppointmentCancelledData,
  AppointmentCancelledV1,
  AppointmentCancelledV2,
  AppointmentCheckedInData,
  AppointmentCheckedInV1,
  AppointmentCompletedData,
  AppointmentCompletedV1,
  AppointmentConfirmedData,
  AppointmentConfirmedV1,
  AppointmentNoShowData,
  AppointmentNoShowV1,
  AppointmentRescheduledData,
  AppointmentRescheduledV1,
  EventEnvelope,
  WaitlistOfferAcceptedV1,
  WaitlistOfferClosedData,
  WaitlistOfferExpiredV1,
  WaitlistOfferMadeData,
  WaitlistOfferMadeV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { AppointmentEventsService } from './appointment-events.service';

@Controller()
export class MessagesConsumer {
  constructor(private readonly appointments: AppointmentEventsService) {}

  @OnEvent(AppointmentBookedV1, AppointmentBookedV2)
  onBooked(@Payload() event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    return this.appointments.booked(event);
  }

  @OnEvent(AppointmentRescheduledV1)
  onRescheduled(@Payload() event: EventEnvelope<AppointmentRescheduledData>): Promise<void> {
    return this.appointments.rescheduled(event);
  }

  @OnEvent(AppointmentConfirmedV1)
  onConfirmed(@Payload() event: EventEnvelope<AppointmentConfirmedData>): Promise<void> {
    return this.appointments.confirmed(event);
  }

  @OnEvent(AppointmentCheckedInV1)
  onCheckedIn(@Payload() event: EventEnvelope<AppointmentCheckedInData>): Promise<void> {
    return this.appointments.checkedIn(event);
  }

  @OnEvent(AppointmentCancelledV1, AppointmentCancelledV2)
  onCancelled(@Payload() event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    return this.appointments.cancelled(event);
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(@Payload() event: EventEnvelope<AppointmentNoShowData>): Promise<void> {
    return this.appointments.noShow(event);
  }

  @OnEvent(AppointmentCompletedV1)
  onCompleted(@Payload() event: EventEnvelope<AppointmentCompletedData>): Promise<void> {
    return this.appointments.completed(event);
  }

  @OnEvent(WaitlistOfferMadeV1)
  onOfferMade(@Payload() event: EventEnvelope<WaitlistOfferMadeData>): Promise<void> {
    return this.appointments.offerMade(event);
  }

  @OnEvent(WaitlistOfferAcceptedV1)
  onOfferAccepted(@Payload() event: EventEnvelope<WaitlistOfferClosedData>): Promise<void> {
    return this.appointments.offerClosed(event, 'accepted');
  }

  @OnEvent(WaitlistOfferExpiredV1)
  onOfferExpired(@Payload() event: EventEnvelope<WaitlistOfferClosedData>): Promise<void> {
    return this.appointments.offerClosed(event, 'expired');
  }
}
