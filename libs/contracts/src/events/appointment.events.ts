import { IsDateString, IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { AppointmentStatus, APPOINTMENT_STATUSES } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

export class AppointmentBookedData {
  @IsString() appointmentId: string;
  @IsString() patientId: string;
  @IsString() providerId: string;
  @IsString() siteId: string;
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsString() providerName: string;
  @IsDateString({ strict: true }) start: string;
  @IsDateString({ strict: true }) end: string;
  @IsInt() @Min(1) @Max(1440) durationMinutes: number;
  @IsString() reason: string;
  @IsIn(APPOINTMENT_STATUSES) status: AppointmentStatus;
  @IsString() bookedBy: string;
}

export const AppointmentBookedV1 = defineEvent({
  type: 'appointment.booked',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'An appointment was booked for a patient with a provider at a site.',
  data: AppointmentBookedData,
});

export class AppointmentCancelledData {
  @IsString() appointmentId: string;
  @IsString() patientId: string;
  @IsString() providerId: string;
  @IsString() siteId: string;
  @IsDateString({ strict: true }) start: string;
  @IsString() reason: string;
  @IsString() cancelledBy: string;
  @IsDateString({ strict: true }) cancelledAt: string;
}

export const AppointmentCancelledV1 = defineEvent({
  type: 'appointment.cancelled',
  version: 1,
  topic: Topics.appointments,
  producer: 'scheduling',
  description: 'An appointment was cancelled; its pending reminders must not be sent.',
  data: AppointmentCancelledData,
});
