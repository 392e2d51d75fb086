import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { AppointmentStatus, APPOINTMENT_STATUSES, CancellingParty, CANCELLING_PARTIES, ISO_DATE, ResponseVia, RESPONSE_VIAS } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Every change of an appointment is one of these events, keyed by appointment id on one topic, so
 * a consumer sees an appointment's history in order. `revision` counts the appointment's changes
 * (1 = booked): a projection keeps the highest revision it applied and ignores older ones.
 * Fields added after an event was first published are optional, so old events stay valid.
 */

/** Who and what every appointment event is about. */
export class AppointmentRefData {
  @IsString() appointmentId: string;
  @IsString() patientId: string;
  @IsString() providerId: string;
  @IsString() siteId: string;
  @IsDateString({ strict: true }) start: string;
  @IsOptional() @IsInt() @Min(1) revision?: number;
}

/** What every version of `appointment.booked` carries; version 2 is exactly this. */
export class AppointmentBookedData extends AppointmentRefData {
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsString() providerName: string;
  @IsDateString({ strict: true }) end: string;
  @IsInt() @Min(1) @Max(1440) durationMinutes: number;
  @IsIn(APPOINTMENT_STATUSES) status: AppointmentStatus;
  @IsString() bookedBy: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
  @IsOptional() @IsString() appointmentTypeName?: string;
  @IsOptional() @IsBoolean() telehealth?: boolean;
  @IsOptional() @IsString() roomId?: string;
  /** Set when the booking fills a slot offered to a waitlisted patient. */
  @IsOptional() @IsString() waitlistEntryId?: string;
}

/**
 * Version 1 also carried the visit's reason (what the patient comes for: clinical content, typed
 * freely) and an overbooking's reason. No consumer reads either; both stay in scheduling (the
 * appointment API shows them), so version 2 leaves them out. Consumers still accept version 1:
 * events published before the change stay in the topic for its retention.
 */
export class AppointmentBookedV1Data extends AppointmentBookedData {
  @IsString() reason: string;
  /** Booked over another appointment or outside availability by an office manager, with a reason. */
  @IsOptional() @IsString() overbookReason?: string;
}

export const AppointmentBookedV1 = defineEvent({
  type: 'appointment.booked',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: "An appointment was booked for a patient with a provider at a site (with the visit's reason; superseded by v2).",
  data: AppointmentBookedV1Data,
});

export const AppointmentBookedV2 = defineEvent({
  type: 'appointment.booked',
  version: 2,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: "An appointment was booked for a patient with a provider at a site; the visit's reason stays in scheduling.",
  data: AppointmentBookedData,
});

export class AppointmentConfirmedData extends AppointmentRefData {
  @IsIn(['staff', ...RESPONSE_VIAS]) via: 'staff' | ResponseVia;
  /** User id, or `patient` when the patient confirmed from a message. */
  @IsString() confirmedBy: string;
  @IsDateString({ strict: true }) confirmedAt: string;
}

export const AppointmentConfirmedV1 = defineEvent({
  type: 'appointment.confirmed',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'The patient (by link or SMS reply) or staff confirmed the appointment.',
  data: AppointmentConfirmedData,
});

export class AppointmentCheckedInData extends AppointmentRefData {
  @IsString() checkedInBy: string;
  @IsDateString({ strict: true }) checkedInAt: string;
}

export const AppointmentCheckedInV1 = defineEvent({
  type: 'appointment.checked-in',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'The patient arrived and was checked in at the front desk.',
  data: AppointmentCheckedInData,
});

export class AppointmentCompletedData extends AppointmentRefData {
  @IsString() completedBy: string;
  @IsDateString({ strict: true }) completedAt: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
  @IsOptional() @IsString() appointmentTypeName?: string;
  /** When the next periodic visit of this kind is due (recall), as YYYY-MM-DD in the site's zone. */
  @IsOptional() @Matches(ISO_DATE) recallDueOn?: string;
}

export const AppointmentCompletedV1 = defineEvent({
  type: 'appointment.completed',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'The visit took place and the patient was checked out; follow-ups and recalls start here.',
  data: AppointmentCompletedData,
});

/** What every version of `appointment.cancelled` carries; version 2 is exactly this. */
export class AppointmentCancelledData extends AppointmentRefData {
  @IsString() cancelledBy: string;
  @IsDateString({ strict: true }) cancelledAt: string;
  /** Clinic cancellations get rebooking outreach; patient cancellations do not. */
  @IsOptional() @IsIn(CANCELLING_PARTIES) party?: CancellingParty;
  @IsOptional() @IsDateString({ strict: true }) end?: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
}

/**
 * Version 1 also carried the cancellation's reason, typed freely by staff ("admitted to hospital"):
 * no consumer reads it (the party says whether the clinic rebooks), so version 2 leaves it in scheduling.
 */
export class AppointmentCancelledV1Data extends AppointmentCancelledData {
  @IsString() reason: string;
}

export const AppointmentCancelledV1 = defineEvent({
  type: 'appointment.cancelled',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: "An appointment was cancelled; its pending reminders must not be sent (with the cancellation's reason; superseded by v2).",
  data: AppointmentCancelledV1Data,
});

export const AppointmentCancelledV2 = defineEvent({
  type: 'appointment.cancelled',
  version: 2,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: "An appointment was cancelled; its pending reminders must not be sent. The cancellation's reason stays in scheduling.",
  data: AppointmentCancelledData,
});

export class AppointmentNoShowData extends AppointmentRefData {
  /** User id, or `system` when marked automatically after the grace period. */
  @IsString() markedBy: string;
  @IsDateString({ strict: true }) markedAt: string;
}

export const AppointmentNoShowV1 = defineEvent({
  type: 'appointment.no-show',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'The patient did not come; rebooking outreach follows.',
  data: AppointmentNoShowData,
});

export class AppointmentRescheduledData extends AppointmentRefData {
  @IsDateString({ strict: true }) end: string;
  @IsString() previousProviderId: string;
  @IsDateString({ strict: true }) previousStart: string;
  @IsDateString({ strict: true }) previousEnd: string;
  @IsString() providerName: string;
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsString() rescheduledBy: string;
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsString() roomId?: string;
  /** The status after the move: a confirmed appointment that moves needs confirming again. */
  @IsIn(APPOINTMENT_STATUSES) status: AppointmentStatus;
}

export const AppointmentRescheduledV1 = defineEvent({
  type: 'appointment.rescheduled',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'An appointment moved to another time or provider; same id, history kept; reminders move with it.',
  data: AppointmentRescheduledData,
});
