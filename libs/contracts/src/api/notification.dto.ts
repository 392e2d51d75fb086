import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { Channel, CHANNELS } from '../common';
import { MESSAGE_KINDS, MessageKind } from '../events/notification.events';

/**
 * scheduled → sending → sent; or failed (retries exhausted), cancelled (appointment cancelled,
 * moved or closed), skipped (nothing to send: opted out of every channel, quiet hours past the
 * appointment, offer expired). `sending` means the provider call is under way or its outcome is
 * being recovered after a crash; it never ends in a second message. uncertain: the worker stopped
 * during an email's send and whether it left is unknown (not resent; staff check with the patient).
 */
export const MESSAGE_STATUSES = ['scheduled', 'sending', 'sent', 'failed', 'cancelled', 'skipped', 'uncertain'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MESSAGE_KINDS, example: 'appointment-reminder' }) kind: MessageKind;
  @ApiProperty({ required: false }) appointmentId?: string;
  @ApiProperty({ required: false }) waitlistEntryId?: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ enum: CHANNELS, required: false, description: 'Decided when the message is sent' }) channel?: Channel;
  @ApiProperty({ required: false, example: 'PT2H', description: 'Reminders: ISO-8601 duration before the appointment start' }) offset?: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty({ required: false, description: 'When its rule made it due (before quiet hours)' }) dueAt?: string;
  @ApiProperty() scheduledFor: string;
  @ApiProperty({ required: false }) sentAt?: string;
  @ApiProperty({ required: false, description: 'Why it failed, was skipped or cancelled' }) reason?: string;
  @ApiProperty({ required: false, description: 'Same as reason (kept for older clients)' }) failureReason?: string;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: string;
}

/** HH:mm, or HH:mm:ss where the service allows it (QUIET_HOURS_PRECISION=second, for tests). */
const QUIET_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

export class ReminderStepDto {
  @ApiProperty({ example: 'P2D', description: 'ISO-8601 duration before the appointment start' })
  @Matches(/^P(?!$)([1-9][0-9]{0,3}Y)?([1-9][0-9]{0,3}M)?([1-9][0-9]{0,3}W)?([1-9][0-9]{0,3}D)?(T(?=[0-9])([1-9][0-9]{0,3}H)?([1-9][0-9]{0,3}M)?([1-9][0-9]{0,3}S)?)?$/, {
    message: 'offset must be a positive ISO-8601 duration such as P2D or PT2H (each part once, in order, 1-9999)',
  })
  offset: string;

  @ApiProperty({ required: false, enum: CHANNELS, description: "Absent: the patient's preferred channel" })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
}

export class QuietHoursDto {
  @ApiProperty({ example: '21:00', description: 'Site time zone' }) @Matches(QUIET_TIME, { message: 'start must be HH:mm' }) start: string;
  @ApiProperty({ example: '08:00', description: 'Site time zone' }) @Matches(QUIET_TIME, { message: 'end must be HH:mm' }) end: string;
}

/** A level of the reminder policy; absent fields inherit (type → site → default → env). */
export class ReminderPolicyRequest {
  @ApiProperty({ required: false, type: [ReminderStepDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReminderStepDto)
  steps?: ReminderStepDto[];

  @ApiProperty({ required: false, nullable: true, type: QuietHoursDto, description: 'null: no quiet hours at this level' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}

export const POLICY_SCOPES = ['default', 'site', 'appointment-type'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

export class ReminderPolicyDto {
  @ApiProperty({ enum: POLICY_SCOPES }) scope: PolicyScope;
  @ApiProperty({ required: false, description: 'Site or appointment type id' }) scopeId?: string;
  @ApiProperty({ required: false, type: [ReminderStepDto] }) steps?: ReminderStepDto[];
  @ApiProperty({ required: false, nullable: true, type: QuietHoursDto }) quietHours?: QuietHoursDto | null;
  @ApiProperty({ required: false }) updatedBy?: string;
  @ApiProperty({ required: false }) updatedAt?: string;
}

export class EffectiveReminderPolicyDto {
  @ApiProperty({ type: [ReminderStepDto] }) steps: ReminderStepDto[];
  @ApiProperty({ nullable: true, type: QuietHoursDto }) quietHours: QuietHoursDto | null;
  @ApiProperty({ enum: ['appointment-type', 'site', 'default', 'env'] }) stepsFrom: string;
  @ApiProperty({ enum: ['appointment-type', 'site', 'default', 'env'] }) quietHoursFrom: string;
}

export class EffectivePolicyQuery {
  @ApiProperty({ required: true, description: 'Required (POLICY.SITE_REQUIRED without it)' }) @IsOptional() @IsString() siteId?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() appointmentTypeId?: string;
}

/** What the confirm / cancel page and its POST answer (the gateway renders `html` for browsers). */
export class PatientResponseResultDto {
  @ApiProperty({ enum: ['confirm', 'cancel', 'accept-offer'] }) action: 'confirm' | 'cancel' | 'accept-offer';
  @ApiProperty({ enum: ['pending', 'received'], description: 'pending: shown, not yet answered; received: the answer is on its way to scheduling' })
  state: 'pending' | 'received';
  @ApiProperty({ required: false }) responseId?: string;
  @ApiProperty({ required: false, description: 'confirm / cancel: the appointment' }) appointmentId?: string;
  @ApiProperty({ required: false, description: 'accept-offer: the waitlist offer' }) offerId?: string;
  @ApiProperty({ description: 'A small HTML page for people' }) html: string;
}

/** An inbound SMS as the provider's webhook delivers it (signature in headers). */
export class InboundSmsRequest {
  @ApiProperty() @IsString() id: string;
  @ApiProperty({ example: '+15550123456' }) @IsString() from: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() to?: string;
  @ApiProperty({ example: 'C' }) @IsString() body: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() receivedAt?: string;
}

/** What the gateway forwards to notification from the SMS provider's webhook call. */
export class InboundSmsEnvelope {
  @ApiProperty({ description: 'x-sms-signature header: hex HMAC-SHA256 of "<timestamp>\\n<id>\\n<from>\\n<body>"' }) @IsString() signature: string;
  @ApiProperty({ description: 'x-sms-timestamp header: epoch seconds' }) @IsString() timestamp: string;
  @ApiProperty({ type: InboundSmsRequest }) @ValidateNested() @Type(() => InboundSmsRequest) message: InboundSmsRequest;
}
