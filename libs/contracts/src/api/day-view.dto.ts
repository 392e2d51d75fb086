import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AppointmentStatus, APPOINTMENT_STATUSES, ISO_DATE } from '../common';

export class DayViewQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ example: '2026-12-01', description: "A day in the site's time zone" }) @Matches(ISO_DATE, { message: 'date must be YYYY-MM-DD' }) date: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) providerId?: string;
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
