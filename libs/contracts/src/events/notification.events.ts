import { IsDateString, IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { Channel, CHANNELS } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

export const MESSAGE_KINDS = [
  'appointment-reminder',
  'waitlist-offer',
  'post-visit-follow-up',
  'rebooking-outreach',
  'recall-reminder',
  /** A letter's download link (patient-records `letter.issued`, email delivery). */
  'letter-issued',
  /** A referral that made no step in time: book the specialist / have the report sent. */
  'referral-reminder',
  /** To staff, not the patient: the office managers of a patient's sites, told that someone broke the glass (patient.break-glass). */
  'break-glass-notice',
  /** A guarantor's statement (or its reminder, final notice) is ready (billing `statement.issued`); never the amount. */
  'statement-ready',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What every notification.* event says about its message: which one, of what kind, about what, for whom, due when. */
export class MessageRefData {
  @IsString() messageId: string;
  @IsIn(MESSAGE_KINDS) kind: MessageKind;
  /** The appointment the message is about; absent for a waitlist offer (see waitlistEntryId). */
  @IsOptional() @IsString() appointmentId?: string;
  @IsOptional() @IsString() waitlistEntryId?: string;
  /** A waitlist offer's message: the offer it makes. */
  @IsOptional() @IsString() offerId?: string;
  @IsString() patientId: string;
  @IsDateString({ strict: true }) scheduledFor: string;
}

export class NotificationSentData extends MessageRefData {
  @IsIn(CHANNELS) channel: Channel;
  @IsDateString({ strict: true }) sentAt: string;
  /** A waitlist offer's message: until when the message told the patient the slot is held (its link's expiry). */
  @IsOptional() @IsDateString({ strict: true }) offerExpiresAt?: string;
}

export const NotificationSentV1 = defineEvent({
  type: 'notification.sent',
  version: 1,
  topic: Topics.notifications,
  producer: 'notification',
  description: 'A message (e.g. an appointment reminder) was handed to its channel.',
  data: NotificationSentData,
});

export class NotificationFailedData extends MessageRefData {
  @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @IsString() error: string;
  @IsInt() @Min(1) attempts: number;
}

export const NotificationFailedV1 = defineEvent({
  type: 'notification.failed',
  version: 1,
  topic: Topics.notifications,
  producer: 'notification',
  description: 'A message could not be delivered after all retries.',
  data: NotificationFailedData,
});

export class NotificationSkippedData extends MessageRefData {
  /** Why it is not sent, for people (no usable channel, quiet hours past the deadline, the slot started, ...). */
  @IsString() reason: string;
}

export const NotificationSkippedV1 = defineEvent({
  type: 'notification.skipped',
  version: 1,
  topic: Topics.notifications,
  producer: 'notification',
  description: 'A message will not be sent at all (no usable channel, quiet hours last past its deadline, what it was about is over).',
  data: NotificationSkippedData,
});
