import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { AppointmentStatus, APPOINTMENT_STATUSES } from '../common';
import { ISO_DATE_TIME_WITH_OFFSET } from './common.dto';

export class BookAppointmentRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) patientId: string;
  @ApiProperty({ example: 'prov-ana-ruiz' }) @IsString() @MinLength(1) @MaxLength(100) providerId: string;
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;

  @ApiProperty({ example: '2026-12-01T09:30:00-05:00', description: 'ISO-8601 with offset, on the scheduling grid (whole minutes)' })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'start must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T09:30:00-05:00' })
  start: string;

  @ApiProperty({ example: 30, minimum: 1, maximum: 480, description: 'A multiple of the scheduling grid' })
  @IsInt()
  @Min(1)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ example: 'Annual physical' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class CancelAppointmentRequest {
  @ApiProperty({ example: 'Patient called to cancel' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class CancellationDto {
  @ApiProperty() reason: string;
  @ApiProperty() cancelledBy: string;
  @ApiProperty() cancelledAt: string;
}

export class AppointmentDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() providerId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ description: "ISO-8601 in the site's time zone" }) start: string;
  @ApiProperty() end: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ required: false, type: CancellationDto }) cancellation?: CancellationDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
