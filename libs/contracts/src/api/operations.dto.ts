import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

/* The operations console's requests (issue 13). */

export class DeadLetterQuery {
  @ApiProperty({ required: false, description: 'One dead-letter topic (clinic.deadletter.<group>.v1)' }) @IsOptional() @IsString() @MaxLength(249) topic?: string;
  @ApiProperty({ required: false, enum: ['open', 'replayed', 'discarded', 'all'], default: 'open' }) @IsOptional() @IsIn(['open', 'replayed', 'discarded', 'all']) status: 'open' | 'replayed' | 'discarded' | 'all' = 'open';
  @ApiProperty({ required: false, description: 'Event type, e.g. patient-response.received' }) @IsOptional() @IsString() @MaxLength(200) type?: string;
  @ApiProperty({ required: false, description: 'Message key (the aggregate id)' }) @IsOptional() @IsString() @MaxLength(200) key?: string;
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @ApiProperty({ required: false, default: 0, minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class DeadLetterPositionDto {
  @ApiProperty({ example: 'clinic.deadletter.scheduling.v1' }) @IsString() @Matches(/^clinic\.deadletter\.[\w.-]+\.v\d+$/, { message: 'topic must be a dead-letter topic (clinic.deadletter.<group>.v<N>)' }) topic: string;
  @ApiProperty({ example: 3 }) @Type(() => Number) @IsInt() @Min(0) partition: number;
  @ApiProperty({ example: '17' }) @IsString() @Matches(/^\d+$/, { message: 'offset must be a number (as a string)' }) offset: string;
}

export class ReplayDeadLettersRequest {
  @ApiProperty({ type: [DeadLetterPositionDto], description: 'One or many dead letters (at most 200)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DeadLetterPositionDto)
  items: DeadLetterPositionDto[];

  @ApiProperty({
    required: false,
    type: Object,
    example: { 'data.receivedAt': '2026-12-02T10:00:00.000Z' },
    description: "Corrections applied to each before it is checked against its contract and replayed: field path → value (null removes the field); the event's id, type and version cannot change",
  })
  @IsOptional()
  @IsObject()
  set?: Record<string, unknown>;

  @ApiProperty({ required: false, description: 'Why (kept in the audit log)' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class DiscardDeadLettersRequest {
  @ApiProperty({ type: [DeadLetterPositionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DeadLetterPositionDto)
  items: DeadLetterPositionDto[];

  @ApiProperty({ description: 'Why the messages need no replay (kept in the audit log)' }) @IsString() @MinLength(3) @MaxLength(500) reason: string;
}

export class LiveStreamQuery {
  @ApiProperty({ required: false, description: 'Only this topic' }) @IsOptional() @IsString() @MaxLength(249) topic?: string;
  @ApiProperty({ required: false, description: 'Only this event type' }) @IsOptional() @IsString() @MaxLength(200) type?: string;
  @ApiProperty({ required: false, description: 'Only this key (aggregate id)' }) @IsOptional() @IsString() @MaxLength(200) key?: string;
}

export class OperationsActionsQuery {
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
}

/** A service's failed jobs (the service's internal route the gateway asks). */
export class FailedJobsQuery {
  @ApiProperty({ required: false, description: 'One queue of the service, e.g. reminders' }) @IsOptional() @IsString() @MaxLength(200) queue?: string;
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
}

/** Services with BullMQ queues, as the console names them. */
export const JOB_SERVICES = ['scheduling', 'patient-records', 'insurance', 'billing', 'notification'] as const;

export class OpsFailedJobsQuery extends FailedJobsQuery {
  @ApiProperty({ required: false, enum: JOB_SERVICES, description: 'One service (default: every service)' }) @IsOptional() @IsIn(JOB_SERVICES) service?: (typeof JOB_SERVICES)[number];
}

export class RetryJobRequest {
  @ApiProperty({ enum: JOB_SERVICES, example: 'notification' }) @IsIn(JOB_SERVICES) service: (typeof JOB_SERVICES)[number];
  @ApiProperty({ example: 'reminders' }) @IsString() @Matches(/^[\w.-]{1,200}$/, { message: 'queue must be a queue name (letters, digits, . _ -)' }) queue: string;
  @ApiProperty({ description: "The job's id, as the failed jobs list gives it" }) @IsString() @MinLength(1) @MaxLength(400) id: string;
  @ApiProperty({ required: false, description: 'Why (kept in the audit log)' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
