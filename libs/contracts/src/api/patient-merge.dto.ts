import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from './common.dto';

export class MergePatientRequest {
  @ApiProperty({ description: 'The duplicate record, merged into the survivor named in the path' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  mergedPatientId: string;

  @ApiProperty({ example: 'Registered twice: same person, date of birth typed wrong the first time' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class UnmergePatientRequest {
  @ApiProperty({ example: 'Not the same person: twins' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

/** A value only the merged record had: offered to the desk, never copied onto the survivor by itself. */
export class OfferedFieldDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'maria.lopez@example.com' }) value: string;
}

export class MergeUndoDto {
  @ApiProperty() unmergedBy: string;
  @ApiProperty() unmergedAt: string;
  @ApiProperty() reason: string;
}

export class PatientMergeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The record that stays (keeps its MRN and demographics)' }) survivorId: string;
  @ApiProperty() mergedPatientId: string;
  @ApiProperty({ required: false, description: 'MRN of the merged record, kept for the history' }) mergedMrn?: string;
  @ApiProperty({ enum: ['merged', 'unmerged'] }) status: 'merged' | 'unmerged';
  @ApiProperty() reason: string;
  @ApiProperty() mergedBy: string;
  @ApiProperty() mergedAt: string;
  @ApiProperty({ description: 'An unmerge is accepted until then (409 PATIENT_MERGE.UNDO_WINDOW_CLOSED after)' }) undoableUntil: string;
  @ApiProperty({ type: [OfferedFieldDto], description: 'Values the merged record had and the survivor lacks; apply them with PATCH /patients/{survivorId}/contact if right' })
  offered: OfferedFieldDto[];
  @ApiProperty({ required: false, type: MergeUndoDto }) unmerge?: MergeUndoDto;
}

export class PatientMergeListDto {
  @ApiProperty({ type: [PatientMergeDto] }) items: PatientMergeDto[];
}

export class TimelineQuery {
  @ApiProperty({ required: false, description: 'Only entries before this instant (the previous page\'s nextBefore)' })
  @IsOptional()
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'before must be an ISO-8601 date-time with an offset' })
  before?: string;

  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class TimelineEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'appointment', description: 'appointment, message, registration, demographics, merge, or the area of a newer event' }) kind: string;
  @ApiProperty({ example: 'appointment.booked', description: 'The event type this entry records' }) type: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ example: 'Appointment booked: Urgent care with Dr. Ana Ruiz', description: 'For people; never free text about the patient' }) summary: string;
  @ApiProperty({ required: false, description: 'What it is about (appointment, message, merge, document... id)' }) refId?: string;
  @ApiProperty({ description: 'The record it was kept under (a merged record\'s id for its own history)' }) patientId: string;
  @ApiProperty({ required: false }) siteId?: string;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineEntryDto] }) items: TimelineEntryDto[];
  @ApiProperty({ required: false, description: 'Pass as ?before= for the next (older) page; absent on the last page' }) nextBefore?: string;
}
