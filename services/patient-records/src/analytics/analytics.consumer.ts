import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppointmentBookedV1,
  AppointmentBookedV2,
  AppointmentCancelledV1,
  AppointmentCancelledV2,
  AppointmentCheckedInV1,
  AppointmentCompletedV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  ClaimAcknowledgedV1,
  ClaimAdjudicatedV1,
  ClaimSubmittedV1,
  EligibilityCheckedV1,
  EventEnvelope,
  NotificationFailedV1,
  NotificationSentV1,
  NotificationSkippedV1,
  PatientResponseReceivedV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { AnalyticsService } from './analytics.service';

/**
 * Feeds the analytics streams from scheduling's appointment events and notification's message and
 * response events, insurance's eligibility checks and billing's claims (patient-records' consumer group; the timeline handles the same events too).
 */
@Controller()
export class AnalyticsConsumer {
  constructor(private readonly analytics: AnalyticsService) {}

  @OnEvent(
    AppointmentBookedV1,
    AppointmentBookedV2,
    AppointmentRescheduledV1,
    AppointmentConfirmedV1,
    AppointmentCancelledV1,
    AppointmentCancelledV2,
    AppointmentNoShowV1,
    AppointmentCheckedInV1,
    AppointmentCompletedV1,
    NotificationSentV1,
    NotificationFailedV1,
    NotificationSkippedV1,
    EligibilityCheckedV1,
    PatientResponseReceivedV1,
    ClaimSubmittedV1,
    ClaimAcknowledgedV1,
    ClaimAdjudicatedV1,
  )
  onEvent(@Payload() event: EventEnvelope<Record<string, unknown>>): Promise<void> {
    return this.analytics.project(event);
  }
}
