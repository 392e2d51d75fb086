import { IsBoolean, IsDateString, IsIn, IsString, IsUrl, ValidateIf } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Letters, referrals and the front desk's tasks (patient-records). All travel on the patients
 * topic keyed by the patient id, so one patient's events stay in order. They carry ids, statuses
 * and what notification needs to write to the patient: never a diagnosis, a specialty or a
 * letter's text (the letter itself is a stored document the patient downloads by a link).
 */

/** The letters the clinic writes from templates (each with the site's letterhead). */
export const LETTER_KINDS = ['referral', 'school-work-note', 'no-show', 'balance'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** How a letter reaches the patient: an email with a download link, or printed and posted by the desk. */
export const LETTER_DELIVERIES = ['email', 'print'] as const;
export type LetterDelivery = (typeof LETTER_DELIVERIES)[number];

/** email: sent (the link went to notification); print: to-print, then printed. */
export const LETTER_STATUSES = ['sent', 'to-print', 'printed'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export class LetterIssuedData {
  @IsString() letterId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  /** For the message's words and time zone ("a letter from Downtown Clinic"). */
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsIn(LETTER_KINDS) letterKind: LetterKind;
  /** The stored PDF (a patient document). */
  @IsString() documentId: string;
  @IsIn(LETTER_DELIVERIES) delivery: LetterDelivery;
  /** Email delivery: the secure link that downloads the letter (the message carries the link, not the letter). */
  @ValidateIf((o: LetterIssuedData) => o.delivery === 'email')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  downloadUrl?: string;
  @IsDateString({ strict: true }) issuedAt: string;
}

export const LetterIssuedV1 = defineEvent({
  type: 'letter.issued',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A letter was rendered and stored as a document; email delivery: notification sends the patient its download link; print: it waits in the site print queue.',
  data: LetterIssuedData,
});

export class LetterPrintedData {
  @IsString() letterId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() printedBy: string;
  @IsDateString({ strict: true }) printedAt: string;
}

export const LetterPrintedV1 = defineEvent({
  type: 'letter.printed',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A letter of the print queue was printed for posting.',
  data: LetterPrintedData,
});

/** A referral's way to its end: each status is a step; closed and cancelled end it. */
export const REFERRAL_STATUSES = ['created', 'sent', 'appointment-known', 'report-received', 'closed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export class ReferralCreatedData {
  @IsString() referralId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() createdBy: string;
  @IsDateString({ strict: true }) createdAt: string;
}

export const ReferralCreatedV1 = defineEvent({
  type: 'referral.created',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A referral to a specialist was created (what for and to whom stays in patient-records).',
  data: ReferralCreatedData,
});

export class ReferralStepRecordedData {
  @IsString() referralId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsIn(REFERRAL_STATUSES) from: ReferralStatus;
  @IsIn(REFERRAL_STATUSES) status: ReferralStatus;
  @IsString() recordedBy: string;
  @IsDateString({ strict: true }) recordedAt: string;
}

export const ReferralStepRecordedV1 = defineEvent({
  type: 'referral.step-recorded',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A referral moved on: sent, specialist appointment known, report received, closed or cancelled.',
  data: ReferralStepRecordedData,
});

/** What a chased referral waits for (the step it has not made in time). */
export const REFERRAL_AWAITING = ['letter', 'appointment', 'report', 'review'] as const;
export type ReferralAwaiting = (typeof REFERRAL_AWAITING)[number];

export class ReferralChasedData {
  @IsString() referralId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsIn(REFERRAL_STATUSES) status: ReferralStatus;
  @IsIn(REFERRAL_AWAITING) awaiting: ReferralAwaiting;
  /** Whether the patient is reminded (appointment to book, report to have sent); otherwise only the desk's task. */
  @IsBoolean() remindPatient: boolean;
  /** The desk's task opened for it. */
  @IsString() taskId: string;
  @IsDateString({ strict: true }) chasedAt: string;
}

export const ReferralChasedV1 = defineEvent({
  type: 'referral.chased',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A referral made no step in time: the desk got a task; with remindPatient, notification reminds the patient (no clinical detail).',
  data: ReferralChasedData,
});

/**
 * Kinds of front-desk tasks: `referral-follow-up` (a referral made no step in time),
 * `eligibility-changed` (a payer's 271 answered differently from the coverage's previous one:
 * terminated, inactive, plan or benefits changed; one task per change, reference the check).
 */
export const TASK_KINDS = ['referral-follow-up', 'eligibility-changed'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export class TaskOpenedData {
  @IsString() taskId: string;
  @IsIn(TASK_KINDS) kind: TaskKind;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsDateString({ strict: true }) due: string;
  /** What the task is about, e.g. `referral` and its id. */
  @IsString() referenceType: string;
  @IsString() referenceId: string;
}

export const TaskOpenedV1 = defineEvent({
  type: 'task.opened',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: "A task was put on a site's front-desk work queue.",
  data: TaskOpenedData,
});

export class TaskCompletedData {
  @IsString() taskId: string;
  @IsIn(TASK_KINDS) kind: TaskKind;
  @IsString() patientId: string;
  @IsString() siteId: string;
  /** A user id, or `system` when what it waited for happened (the referral moved on). */
  @IsString() completedBy: string;
  @IsDateString({ strict: true }) completedAt: string;
}

export const TaskCompletedV1 = defineEvent({
  type: 'task.completed',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A front-desk task was done (by someone, or by itself when what it waited for happened).',
  data: TaskCompletedData,
});

