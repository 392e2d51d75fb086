import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AppointmentStatus, APPOINTMENT_STATUSES, CancellingParty, CANCELLING_PARTIES } from '../common';
import { ISO_DATE_TIME_WITH_OFFSET, PageQuery } from './common.dto';

export class BookAppointmentRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) patientId: string;
  @ApiProperty({ example: 'prov-urgent-care' }) @IsString() @MinLength(1) @MaxLength(100) providerId: string;
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;

  @ApiProperty({ example: 'urgent-care', description: 'The type decides the duration, the buffer after it, lead time and horizon' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  appointmentTypeId: string;

  @ApiProperty({ example: '2026-12-01T09:30:00-05:00', description: 'ISO-8601 with offset, on the scheduling grid (whole minutes)' })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'start must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T09:30:00-05:00' })
  start: string;

  @ApiProperty({ example: 'Sore throat' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;

  @ApiProperty({ required: false, description: 'A room of the kind the type needs; default: the first free one' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  roomId?: string;

  @ApiProperty({ required: false, description: 'Office managers only: book over the provider\'s other appointments or outside availability, with this reason (recorded)' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  overbookReason?: string;
}

export class CancelAppointmentRequest {
  @ApiProperty({ example: 'Patient called to cancel' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;

  @ApiProperty({ required: false, enum: CANCELLING_PARTIES, default: 'patient', description: 'Who cancelled; a clinic cancellation gets rebooking outreach' })
  @IsOptional()
  @IsIn(CANCELLING_PARTIES)
  party?: CancellingParty;
}

export class RescheduleAppointmentRequest {
  @ApiProperty({ example: '2026-12-02T10:00:00-05:00' })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'start must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T09:30:00-05:00' })
  start: string;

  @ApiProperty({ required: false, description: 'Another provider at the same site; default: the same provider' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  providerId?: string;

  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class AppointmentsQuery extends PageQuery {
  @ApiProperty({ description: "The patient whose appointments to list (only the caller's sites)" })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  patientId: string;
}

export class CancellationDto {
  @ApiProperty() reason: string;
  @ApiProperty() cancelledBy: string;
  @ApiProperty() cancelledAt: string;
  @ApiProperty({ enum: CANCELLING_PARTIES }) party: CancellingParty;
}

export class AppointmentHistoryDto {
  @ApiProperty({ example: 'rescheduled', description: 'booked, confirmed, checked-in, completed, cancelled, no-show or rescheduled' }) action: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'User id, `patient` or `system`' }) by: string;
  @ApiProperty() revision: number;
  @ApiProperty({ required: false }) reason?: string;
  @ApiProperty({ required: false, description: 'Where a rescheduled appointment was before' }) previous?: { providerId: string; start: string; end: string };
}

export class AppointmentDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() providerId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ required: false }) appointmentTypeId?: string;
  @ApiProperty({ required: false }) appointmentTypeName?: string;
  @ApiProperty({ required: false }) telehealth?: boolean;
  @ApiProperty({ required: false }) roomId?: string;
  @ApiProperty({ description: "ISO-8601 in the site's time zone" }) start: string;
  @ApiProperty() end: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ description: 'Counts the changes of the appointment (1 = booked)' }) revision: number;
  @ApiProperty({ required: false, description: 'Set when an office manager overbooked' }) overbookReason?: string;
  @ApiProperty({ required: false }) waitlistEntryId?: string;
  @ApiProperty({ required: false, type: CancellationDto }) cancellation?: CancellationDto;
  @ApiProperty({ type: [AppointmentHistoryDto] }) history: AppointmentHistoryDto[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
