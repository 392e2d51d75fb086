import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AppointmentStatus, APPOINTMENT_STATUSES, ISO_DATE } from '../common';
import { VISIT_AUTHORIZATION_STATES, VISIT_REQUIREMENTS, VisitAuthorizationState, VisitRequirement } from '../events/authorization.events';

export class DayViewQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ example: '2026-12-01', description: "A day in the site's time zone" }) @Matches(ISO_DATE, { message: 'date must be YYYY-MM-DD' }) date: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) providerId?: string;
}

/** An appointment's insurance as the front desk reads it on the day view. */
export const DAY_VIEW_ELIGIBILITY_STATUSES = ['verified', 'inactive', 'needs-attention', 'not-checked'] as const;
export type DayViewEligibilityStatus = (typeof DAY_VIEW_ELIGIBILITY_STATUSES)[number];

export class DayViewEligibilityDto {
  @ApiProperty({
    enum: DAY_VIEW_ELIGIBILITY_STATUSES,
    description:
      "The latest check of the primary coverage for the appointment's date of service: verified (active), inactive, needs-attention (also a payer that did not answer), not-checked (none yet for this date, e.g. after a reschedule to another day)",
  })
  status: DayViewEligibilityStatus;
  @ApiProperty({ required: false, description: 'When that check was made' }) checkedAt?: string;
  @ApiProperty({ required: false, description: 'GET /coverages/{coverageId}/eligibility-checks lists it' }) checkId?: string;
  @ApiProperty({ required: false, example: 'SUBSCRIBER_NOT_FOUND', description: 'A code, for needs-attention' }) reason?: string;
}

export class DayViewAuthorizationDto {
  @ApiProperty({ enum: VISIT_REQUIREMENTS, description: "What the primary payer's rules require for this visit" }) requirement: VisitRequirement;
  @ApiProperty({ enum: VISIT_AUTHORIZATION_STATES }) state: VisitAuthorizationState;
  @ApiProperty({ description: 'The payer blocks the visit without it (else the desk is warned)' }) blocking: boolean;
  @ApiProperty({ description: 'The desk has to act: the referral or authorization is missing or still pending' }) flagged: boolean;
  @ApiProperty({ required: false }) authorizationId?: string;
}

export class DayViewAppointmentDto {
  @ApiProperty() appointmentId: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ required: false, example: 'Lopez, Maria', description: 'Absent until scheduling has heard of the patient' }) patientName?: string;
  @ApiProperty({ required: false, example: '1984-03-12' }) patientDateOfBirth?: string;
  @ApiProperty({ required: false }) appointmentTypeId?: string;
  @ApiProperty({ required: false, example: 'Follow-up visit' }) appointmentTypeName?: string;
  @ApiProperty({ required: false }) roomId?: string;
  @ApiProperty({ description: "ISO-8601 in the site's zone" }) start: string;
  @ApiProperty() end: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ type: DayViewEligibilityDto, required: false, description: 'Insurance eligibility for this date of service (always set by the day view)' }) eligibility?: DayViewEligibilityDto;
  @ApiProperty({ type: DayViewAuthorizationDto, required: false, description: 'Referral / prior authorization needs; absent until insurance assessed the visit' }) authorization?: DayViewAuthorizationDto;
}

export class DayViewProviderDto {
  @ApiProperty() providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ type: [DayViewAppointmentDto], description: 'By start time; cancelled ones included, with their status' }) appointments: DayViewAppointmentDto[];
}

export class DayViewDto {
  @ApiProperty() siteId: string;
  @ApiProperty() date: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone: string;
  @ApiProperty({ type: [DayViewProviderDto] }) providers: DayViewProviderDto[];
  @ApiProperty({ description: 'Appointments per status over the whole day', example: { booked: 3, 'checked-in': 1 } }) totals: Partial<Record<AppointmentStatus, number>>;
}
