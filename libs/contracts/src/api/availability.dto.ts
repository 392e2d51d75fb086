import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ISO_DATE } from '../common';
import { ISO_DATE_TIME_WITH_OFFSET } from './common.dto';
import { HH_MM, ScheduleConflictDto } from './directory.dto';

/** A weekly session: on an ISO weekday, from start to end in the site's time zone. */
export class SessionDto {
  @ApiProperty({ example: 1, description: 'ISO weekday, 1 = Monday ... 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '09:00' }) @Matches(HH_MM, { message: 'start must be HH:mm' }) start: string;
  @ApiProperty({ example: '17:00', description: '24:00 = midnight at the end of the day' }) @Matches(HH_MM, { message: 'end must be HH:mm (24:00 allowed)' }) end: string;

  @ApiProperty({ required: false, type: [String], description: 'Only these appointment types in this session (absent = any)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  appointmentTypeIds?: string[];
}

export class TemplateDto {
  @ApiProperty() providerId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone: string;
  @ApiProperty({ type: [SessionDto] }) sessions: SessionDto[];
  @ApiProperty({ required: false }) updatedAt?: string;
  @ApiProperty({ required: false }) updatedBy?: string;
}

export class PutTemplateRequest {
  @ApiProperty({ type: [SessionDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SessionDto) sessions: SessionDto[];

  @ApiProperty({ required: false, description: 'Save even if future appointments fall outside the new template (they stay booked and are listed)' })
  @IsOptional()
  @IsBoolean()
  acknowledgeConflicts?: boolean;
}

export class TemplateResponse extends TemplateDto {
  @ApiProperty({ type: [ScheduleConflictDto], description: 'Appointments left outside availability (only with acknowledgeConflicts)' })
  conflicts: ScheduleConflictDto[];
}

export const EXCEPTION_KINDS = ['time-off', 'blocked', 'extra'] as const;
export type AvailabilityExceptionKind = (typeof EXCEPTION_KINDS)[number];

export class ExceptionDto {
  @ApiProperty() id: string;
  @ApiProperty() providerId: string;
  @ApiProperty({ enum: EXCEPTION_KINDS }) kind: AvailabilityExceptionKind;
  @ApiProperty({ example: '2026-12-01T09:00:00-05:00' }) start: string;
  @ApiProperty() end: string;
  @ApiProperty({ required: false }) siteId?: string;
  @ApiProperty({ required: false, type: [String] }) appointmentTypeIds?: string[];
  @ApiProperty() reason: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

/** Time off and blocked time remove availability at every site; an extra session adds some at `siteId`. */
export class CreateExceptionRequest {
  @ApiProperty({ enum: EXCEPTION_KINDS }) @IsIn(EXCEPTION_KINDS) kind: AvailabilityExceptionKind;
  @ApiProperty({ example: '2026-12-01T09:00:00-05:00' }) @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'start must be an ISO-8601 date-time with an offset' }) start: string;
  @ApiProperty({ example: '2026-12-01T17:00:00-05:00' }) @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'end must be an ISO-8601 date-time with an offset' }) end: string;
  @ApiProperty({ required: false, description: 'Required for an extra session' }) @IsOptional() @IsString() @MaxLength(100) siteId?: string;
  @ApiProperty({ required: false, type: [String], description: 'Extra session only: the types it takes' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) appointmentTypeIds?: string[];
  @ApiProperty({ example: 'Conference' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
  @ApiProperty({ required: false, description: 'Save even if future appointments fall in the removed time (they stay booked and are listed)' }) @IsOptional() @IsBoolean() acknowledgeConflicts?: boolean;
}

export class ExceptionResponse extends ExceptionDto {
  @ApiProperty({ type: [ScheduleConflictDto] }) conflicts: ScheduleConflictDto[];
}

export class ExceptionsQuery {
  @ApiProperty({ required: false, example: '2026-12-01', description: 'Exceptions ending on or after this date (UTC); default today' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be YYYY-MM-DD' })
  from?: string;
}

export class DeleteExceptionQuery {
  @ApiProperty({ required: false, description: 'Delete even if future appointments lose their availability (extra sessions)' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  acknowledgeConflicts?: boolean;
}

export class DeleteExceptionResponse {
  @ApiProperty() id: string;
  @ApiProperty({ type: [ScheduleConflictDto] }) conflicts: ScheduleConflictDto[];
}
