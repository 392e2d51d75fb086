import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ISO_DATE } from '../common';
import {
  LETTER_DELIVERIES,
  LETTER_KINDS,
  LETTER_STATUSES,
  LetterStatus,
  LetterDelivery,
  LetterKind,
  REFERRAL_AWAITING,
  REFERRAL_STATUSES,
  ReferralAwaiting,
  ReferralStatus,
  TASK_KINDS,
  TASK_STATUSES,
  TaskKind,
  TaskStatus,
} from '../events/correspondence.events';
import { ISO_DATE_TIME_WITH_OFFSET } from './common.dto';

/** ICD-10-CM code shape (letter, two digits, optional dot and up to four more); the code set itself is not checked here. */
export const ICD10CM_SHAPE = /^[A-TV-Z][0-9][0-9AB](\.?[0-9A-TV-Z]{1,4})?$/;

// ---- Tasks -----------------------------------------------------------------------------------

/** The records a task is about besides its reference, for the desk to open them (insurance tasks: coverage, checks, visit). */
export class TaskLinksDto {
  @ApiProperty({ required: false, description: 'GET /coverages/{id}' }) coverageId?: string;
  @ApiProperty({ required: false, description: 'The eligibility check that saw the change (GET /coverages/{coverageId}/eligibility-checks)' }) checkId?: string;
  @ApiProperty({ required: false, description: 'The check it was compared with' }) previousCheckId?: string;
  @ApiProperty({ required: false, description: 'The visit the check was for' }) appointmentId?: string;
}

export class TaskDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: TaskKind;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ description: "What to do, in the desk's words (no clinical content)" }) title: string;
  @ApiProperty({ format: 'date-time' }) due: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ description: 'What it is about', example: { type: 'referral', id: 'b9d3...' } }) reference: { type: string; id: string };
  @ApiProperty({ required: false, type: TaskLinksDto }) links?: TaskLinksDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ required: false, format: 'date-time' }) completedAt?: string;
  @ApiProperty({ required: false, description: 'A user id, or `system` when what it waited for happened' }) completedBy?: string;
}

export class TaskListQuery {
  @ApiProperty({ example: 'site-downtown' })
  @IsString()
  @MaxLength(100)
  siteId: string;

  @ApiProperty({ required: false, enum: TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;
}

export class TaskListResponse {
  @ApiProperty({ type: [TaskDto] }) items: TaskDto[];
  @ApiProperty() total: number;
}

// ---- Referrals -------------------------------------------------------------------------------

export class CreateReferralRequest {
  @ApiProperty({ example: 'Cardiology' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  specialty: string;

  @ApiProperty({ example: 'Dr. Helen Park' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  specialistName: string;

  @ApiProperty({ required: false, example: 'Riverside Heart Associates' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  practice?: string;

  @ApiProperty({ required: false, example: 'R00.2', description: 'ICD-10-CM reason code (shape checked)' })
  @IsOptional()
  @Matches(ICD10CM_SHAPE, { message: 'reasonCode must look like an ICD-10-CM code, e.g. R00.2' })
  reasonCode?: string;

  @ApiProperty({ required: false, example: 'Palpitations on exertion', description: 'Why, in words (goes into the referral letter)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RecordReferralStepRequest {
  @ApiProperty({ enum: REFERRAL_STATUSES.filter((s) => s !== 'created'), example: 'sent' })
  @IsIn(REFERRAL_STATUSES.filter((s) => s !== 'created'))
  status: Exclude<ReferralStatus, 'created'>;

  @ApiProperty({ required: false, example: '2026-12-15T14:30:00-05:00', description: 'appointment-known: when (a date, or a date-time with its offset)' })
  @ValidateIf((o: RecordReferralStepRequest) => o.status === 'appointment-known' || o.appointmentAt !== undefined)
  @Matches(new RegExp(`(${ISO_DATE.source})|(${ISO_DATE_TIME_WITH_OFFSET.source})`), { message: 'appointmentAt must be YYYY-MM-DD or a date-time with its offset' })
  @IsISO8601({ strict: true }, { message: 'appointmentAt must be a real date (no month 50)' })
  appointmentAt?: string;

  @ApiProperty({ required: false, example: 'Dr. Helen Park', description: 'appointment-known: with whom (defaults to the referral specialist)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  appointmentWith?: string;

  @ApiProperty({ required: false, description: "report-received: the stored outside-record document holding the specialist's report" })
  @ValidateIf((o: RecordReferralStepRequest) => o.status === 'report-received' || o.reportDocumentId !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reportDocumentId?: string;

  @ApiProperty({ required: false, description: 'cancelled: why; closed: an optional note' })
  @ValidateIf((o: RecordReferralStepRequest) => o.status === 'cancelled' || o.note !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  note?: string;
}

export class ReferralStepDto {
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: ReferralStatus;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() by: string;
  @ApiProperty({ required: false }) note?: string;
}

export class ReferralDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() specialty: string;
  @ApiProperty() specialistName: string;
  @ApiProperty({ required: false }) practice?: string;
  @ApiProperty({ required: false }) reasonCode?: string;
  @ApiProperty({ required: false }) reason?: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: ReferralStatus;
  @ApiProperty({ required: false, enum: REFERRAL_AWAITING, description: 'What an open referral waits for' }) awaiting?: ReferralAwaiting;
  @ApiProperty({ required: false, format: 'date-time', description: 'When the desk is told if no step comes' }) chaseDueAt?: string;
  @ApiProperty({ required: false, description: 'The specialist appointment, once known' }) appointment?: { at: string; with: string };
  @ApiProperty({ required: false, description: "The specialist's report (a stored document)" }) reportDocumentId?: string;
  @ApiProperty({ required: false, description: 'The referral letter (a stored document)' }) letterId?: string;
  @ApiProperty({ type: [ReferralStepDto] }) steps: ReferralStepDto[];
  @ApiProperty({ type: [String], description: 'Desk tasks opened when it was chased' }) taskIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ReferralListResponse {
  @ApiProperty({ type: [ReferralDto] }) items: ReferralDto[];
  @ApiProperty() total: number;
}

// ---- Letters ---------------------------------------------------------------------------------

export class IssueLetterRequest {
  @ApiProperty({ enum: LETTER_KINDS, example: 'balance' })
  @IsIn(LETTER_KINDS)
  kind: LetterKind;

  @ApiProperty({ enum: LETTER_DELIVERIES, example: 'email', description: 'email: a secure download link; print: the site print queue' })
  @IsIn(LETTER_DELIVERIES)
  delivery: LetterDelivery;

  @ApiProperty({ required: false, description: 'referral letters: the referral it is for (issuing it marks the referral sent)' })
  @ValidateIf((o: IssueLetterRequest) => o.kind === 'referral' || o.referralId !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  referralId?: string;

  @ApiProperty({ required: false, example: 'school', enum: ['school', 'work'], description: 'school/work notes: for whom' })
  @ValidateIf((o: IssueLetterRequest) => o.kind === 'school-work-note' || o.audience !== undefined)
  @IsIn(['school', 'work'])
  audience?: 'school' | 'work';

  @ApiProperty({ required: false, example: '2026-12-01', description: 'school/work notes: first day away' })
  @ValidateIf((o: IssueLetterRequest) => o.kind === 'school-work-note' || o.absentFrom !== undefined)
  @Matches(ISO_DATE, { message: 'absentFrom must be YYYY-MM-DD' })
  absentFrom?: string;

  @ApiProperty({ required: false, example: '2026-12-03', description: 'school/work notes: may return on' })
  @ValidateIf((o: IssueLetterRequest) => o.kind === 'school-work-note' || o.returnOn !== undefined)
  @Matches(ISO_DATE, { message: 'returnOn must be YYYY-MM-DD' })
  returnOn?: string;

  @ApiProperty({ required: false, example: '2026-11-28', description: 'no-show letters: the missed appointment date' })
  @ValidateIf((o: IssueLetterRequest) => o.kind === 'no-show' || o.missedOn !== undefined)
  @Matches(ISO_DATE, { message: 'missedOn must be YYYY-MM-DD' })
  missedOn?: string;

  @ApiProperty({ required: false, example: '125.00', description: 'balance letters (placeholder until billing): the amount due' })
  @ValidateIf((o: IssueLetterRequest) => o.amountDue !== undefined)
  @Matches(/^\d{1,7}(\.\d{2})?$/, { message: 'amountDue must be an amount such as 125.00' })
  amountDue?: string;
}

export class LetterDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ enum: LETTER_KINDS }) kind: LetterKind;
  @ApiProperty({ enum: ['en', 'es'] }) language: string;
  @ApiProperty({ description: 'Template version it was rendered with', example: 'referral@1' }) template: string;
  @ApiProperty({ enum: LETTER_DELIVERIES }) delivery: LetterDelivery;
  @ApiProperty({ enum: LETTER_STATUSES, description: 'email: sent (its message is in the patient notifications); print: to-print, then printed' }) status: LetterStatus;
  @ApiProperty({ description: 'The stored PDF' }) documentId: string;
  @ApiProperty({ required: false }) referralId?: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty() issuedBy: string;
  @ApiProperty({ required: false, format: 'date-time' }) printedAt?: string;
  @ApiProperty({ required: false }) printedBy?: string;
}

export class LetterListResponse {
  @ApiProperty({ type: [LetterDto] }) items: LetterDto[];
  @ApiProperty() total: number;
}

export class PrintQueueQuery {
  @ApiProperty({ example: 'site-downtown' })
  @IsString()
  @MaxLength(100)
  siteId: string;
}
