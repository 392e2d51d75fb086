import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CHANNELS, type Channel } from './common';
import { CLAIM_ORDERS, type ClaimOrder } from './events/claim.events';
import { COVERAGE_ORDERS, type CoverageOrder, ELIGIBILITY_STATUSES, type EligibilityStatus } from './events/coverage.events';
import { MESSAGE_KINDS, type MessageKind } from './events/notification.events';
import { AnalyticsStream } from './topics';

/*
 * The de-identified analytics records (topics `clinic.analytics.<consumer>.<stream>.v1`), made by
 * patient-records' analytics projector from the domain events. They follow HIPAA Safe Harbor:
 * no names, contact points, street addresses or source-system ids (patient, appointment, message,
 * MRN, correlation ids); no full dates (the year, plus the ISO week or the month when the consumer
 * is registered for it); ages in years with 90 and over as "90+"; ZIP3 ("000" for the sparsely
 * populated ZIP3s). Who and what a record is about are pseudonyms: HMAC-SHA256 of the source id
 * under a key of that consumer alone, stable across replays, different for every consumer.
 * Sites and appointment types are the clinic's reference data, not identifiers of a person.
 * They are not envelopes of domain events: no `source`, `time`, `subject` or `correlationId`.
 */

/** How finely a consumer sees dates: the ISO week (with its year), the month, or the year alone. */
export const ANALYTICS_DATE_GRANULARITIES = ['week', 'month', 'year'] as const;
export type AnalyticsDateGranularity = (typeof ANALYTICS_DATE_GRANULARITIES)[number];

const PSEUDONYM = /^[a-z]{1,3}_[0-9a-f]{24}$/;
const ISO_WEEK = /^\d{4}-W\d{2}$/;
const YEAR_MONTH = /^\d{4}-\d{2}$/;

/** What every analytics record carries. */
export class AnalyticsRecordBase {
  /** Derived from the source event's id under the consumer's key: a replay gives the same id. */
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) id: string;
  @IsString() type: string;
  @IsInt() @Min(1) version: number;
  /** The year of the period the record is about (the visit's, the message's due time). */
  @IsInt() @Min(1900) @Max(2999) year: number;
  /** ISO week (`2026-W49`, its own year) when the consumer sees weeks. */
  @IsOptional() @Matches(ISO_WEEK) week?: string;
  /** `2026-12` when the consumer sees months. */
  @IsOptional() @Matches(YEAR_MONTH) month?: string;
  @IsOptional() @IsString() siteId?: string;
  @IsOptional() @Matches(PSEUDONYM) patient?: string;
}

export const ANALYTICS_APPOINTMENT_TYPES = [
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.confirmed',
  'appointment.cancelled',
  'appointment.no-show',
  'appointment.checked-in',
  'appointment.completed',
] as const;

/** An appointment's booking or outcome; join on `appointment` for the booking's dimensions. */
export class AnalyticsAppointmentRecord extends AnalyticsRecordBase {
  @IsIn(ANALYTICS_APPOINTMENT_TYPES) declare type: (typeof ANALYTICS_APPOINTMENT_TYPES)[number];
  @Matches(PSEUDONYM) appointment: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
  @IsOptional() @IsString() appointmentTypeName?: string;
  /** Booked and rescheduled: whole days from the booking (or move) to the visit. */
  @IsOptional() @IsInt() leadTimeDays?: number;
  /** Booked and rescheduled: the visit's hour of day at the site (0-23), never with its date. */
  @IsOptional() @IsInt() @Min(0) @Max(23) hourOfDay?: number;
  @IsOptional() @IsInt() durationMinutes?: number;
  @IsOptional() @IsBoolean() telehealth?: boolean;
  @IsOptional() @IsBoolean() fromWaitlist?: boolean;
  /** Booked: the patient's age in years at the visit, "90+" from 90 on. */
  @IsOptional() @Matches(/^(\d{1,2}|90\+)$/) age?: string;
  /** Booked: the first three digits of the patient's ZIP code ("000" for the restricted ZIP3s). */
  @IsOptional() @Matches(/^\d{3}$/) zip3?: string;
  /** Cancelled: who cancelled. */
  @IsOptional() @IsIn(['patient', 'clinic']) party?: 'patient' | 'clinic';
  /** Cancelled: whole days of notice before the visit (negative: after its start). */
  @IsOptional() @IsInt() noticeDays?: number;
  /** Confirmed: by staff, from a link or by SMS reply. */
  @IsOptional() @IsIn(['staff', 'link', 'sms']) via?: 'staff' | 'link' | 'sms';
  /** No-show: marked by the timer rather than by staff. */
  @IsOptional() @IsBoolean() automatic?: boolean;
}

export const ANALYTICS_MESSAGE_TYPES = ['message.sent', 'message.failed', 'message.skipped', 'message.answered'] as const;

/**
 * A message's delivery or the patient's answer to it; join on `message`. `sent` means handed to
 * the channel (SMTP accepted it, the SMS provider took it): the providers report no delivery receipts.
 */
export class AnalyticsMessageRecord extends AnalyticsRecordBase {
  @IsIn(ANALYTICS_MESSAGE_TYPES) declare type: (typeof ANALYTICS_MESSAGE_TYPES)[number];
  @Matches(PSEUDONYM) message: string;
  @IsOptional() @Matches(PSEUDONYM) appointment?: string;
  @IsOptional() @IsIn(MESSAGE_KINDS) kind?: MessageKind;
  @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  /** Failed: attempts made. */
  @IsOptional() @IsInt() attempts?: number;
  /** Answered: what the patient asked for, and how. */
  @IsOptional() @IsIn(['confirm', 'cancel']) action?: 'confirm' | 'cancel';
  @IsOptional() @IsIn(['link', 'sms']) via?: 'link' | 'sms';
}

export const ANALYTICS_ELIGIBILITY_TYPES = ['eligibility.checked'] as const;

/** An eligibility check's outcome (X12 270/271) for a date of service; the period is the date of service's. */
export class AnalyticsEligibilityRecord extends AnalyticsRecordBase {
  @IsIn(ANALYTICS_ELIGIBILITY_TYPES) declare type: (typeof ANALYTICS_ELIGIBILITY_TYPES)[number];
  @IsOptional() @Matches(PSEUDONYM) appointment?: string;
  /** The payer (the network's reference data), never a member id. */
  @IsString() payerId: string;
  @IsIn(ELIGIBILITY_STATUSES) status: EligibilityStatus;
  /** A code (never payer text), for needs-attention and payer-unavailable. */
  @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,40}$/) reason?: string;
  /** What started the check (booking, nightly, on-demand, ...). */
  @IsString() trigger: string;
  @IsOptional() @IsIn(COVERAGE_ORDERS) order?: CoverageOrder;
}

export const ANALYTICS_CLAIM_TYPES = ['claim.submitted', 'claim.accepted', 'claim.rejected', 'claim.paid', 'claim.denied', 'claim.reversed'] as const;

/**
 * A claim's way through the payer (billing's claim events): sent (the 999 accepted the 837P),
 * accepted into adjudication or rejected (999 or 277CA), paid (in full or in part), denied, or
 * reversed (a void or replacement took the payment back); join on `claim`. The period is the
 * event's own (the 835's payment date for paid, denied and reversed). Never the claim's or the
 * payer's control numbers, diagnoses, procedure codes or rejection texts.
 */
export class AnalyticsClaimRecord extends AnalyticsRecordBase {
  @IsIn(ANALYTICS_CLAIM_TYPES) declare type: (typeof ANALYTICS_CLAIM_TYPES)[number];
  @Matches(PSEUDONYM) claim: string;
  /** The payer (the network's reference data), never a member id. */
  @IsString() payerId: string;
  @IsIn(CLAIM_ORDERS) order: ClaimOrder;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  @IsIn(['1', '7', '8']) frequency: '1' | '7' | '8';
  /** What the claim billed, integer cents. */
  @IsInt() chargeCents: number;
  /** Paid, denied and reversed: what the payer paid on this 835 (a reversal: what it took back), integer cents. */
  @IsOptional() @IsInt() paidCents?: number;
  /** Paid and denied: left to the patient by this payer, integer cents. */
  @IsOptional() @IsInt() patientResponsibilityCents?: number;
  /** Paid and denied: what the payer refused (denied lines), integer cents. */
  @IsOptional() @IsInt() deniedCents?: number;
  /** Paid and denied: adjustment group and CARC of each adjustment (`CO-45`, `PR-1`), each once. */
  @IsOptional() @IsArray() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,5}$/, { each: true }) adjustmentReasons?: string[];
  /** Paid and denied: remittance advice remark codes (RARC), each once. */
  @IsOptional() @IsArray() @Matches(/^[A-Z0-9]{1,6}$/, { each: true }) remarkCodes?: string[];
  /** Paid, denied and reversed: whole days from the claim's (last) submission to the 835's payment date. */
  @IsOptional() @IsInt() @Min(0) daysToPayment?: number;
  /** Rejected: by the clearinghouse's 999 (the 837 did not read) or the payer's 277CA. */
  @IsOptional() @IsIn(['999', '277CA']) rejectedBy?: '999' | '277CA';
  /** Paid: only part of the claim was paid (patient responsibility or denied lines). */
  @IsOptional() @IsBoolean() partial?: boolean;
}

/** Each analytics stream: its record class and what it carries, for validation and the event catalogue. */
export const ANALYTICS_RECORDS: Record<AnalyticsStream, { record: new () => AnalyticsRecordBase; types: readonly string[]; description: string; key: string; example: AnalyticsRecordBase }> = {
  appointment: {
    record: AnalyticsAppointmentRecord,
    types: ANALYTICS_APPOINTMENT_TYPES,
    description: 'De-identified appointments and their outcomes (booked, rescheduled, confirmed, cancelled, no-show, checked in, completed).',
    key: 'the appointment pseudonym',
    example: {
      id: '3b0e7c52-91d4-8a6f-b2c1-5f0e4d3c2b1a',
      type: 'appointment.booked',
      version: 1,
      year: 2026,
      week: '2026-W10',
      siteId: 'site-downtown',
      patient: 'p_5c2f0a9be41d7763a0c81f2e',
      appointment: 'a_0d9e1c7a52b4f8836e21c4a9',
      appointmentTypeId: 'urgent-care',
      appointmentTypeName: 'Urgent care',
      leadTimeDays: 6,
      hourOfDay: 9,
      durationMinutes: 15,
      telehealth: false,
      fromWaitlist: false,
      age: '90+',
      zip3: '100',
    } as AnalyticsAppointmentRecord,
  },
  message: {
    record: AnalyticsMessageRecord,
    types: ANALYTICS_MESSAGE_TYPES,
    description: "De-identified patient messages: sent, failed or skipped, and the patient's answer (confirm / cancel).",
    key: 'the message pseudonym',
    example: {
      id: 'c41f2e8a-7b3d-8e19-a6c5-0b2d4f6e8a1c',
      type: 'message.sent',
      version: 1,
      year: 2026,
      week: '2026-W10',
      siteId: 'site-downtown',
      patient: 'p_5c2f0a9be41d7763a0c81f2e',
      message: 'm_8a1c3e5f7b9d2f4a6c8e0b1d',
      appointment: 'a_0d9e1c7a52b4f8836e21c4a9',
      kind: 'appointment-reminder',
      channel: 'sms',
    } as AnalyticsMessageRecord,
  },
  eligibility: {
    record: AnalyticsEligibilityRecord,
    types: ANALYTICS_ELIGIBILITY_TYPES,
    description: "De-identified eligibility checks: the payer's answer for a date of service (active, inactive, needs attention, payer unavailable) and what started the check.",
    key: 'the patient pseudonym',
    example: {
      id: '7e2a4c6e-8f1b-8d3a-95c7-e9f1a3b5c7d9',
      type: 'eligibility.checked',
      version: 1,
      year: 2026,
      week: '2026-W10',
      siteId: 'site-downtown',
      patient: 'p_5c2f0a9be41d7763a0c81f2e',
      appointment: 'a_0d9e1c7a52b4f8836e21c4a9',
      payerId: 'payer-aetna-ppo',
      status: 'active',
      trigger: 'booking',
      order: 'primary',
    } as AnalyticsEligibilityRecord,
  },
  claim: {
    record: AnalyticsClaimRecord,
    types: ANALYTICS_CLAIM_TYPES,
    description: "De-identified claims: submitted, accepted or rejected (999 / 277CA), paid, denied or reversed (835), with the payer, amounts in cents, CARC / RARC codes and days from submission to payment.",
    key: 'the claim pseudonym',
    example: {
      id: '5d3b1f9e-2c4a-8b6d-a8e0-1f3b5d7c9e2a',
      type: 'claim.denied',
      version: 1,
      year: 2026,
      month: '2026-12',
      siteId: 'site-downtown',
      patient: 'p_5c2f0a9be41d7763a0c81f2e',
      claim: 'c_4e6a8c0e2b4d6f8a1c3e5a7b',
      payerId: 'payer-aetna-ppo',
      order: 'primary',
      frequency: '1',
      chargeCents: 25000,
      paidCents: 0,
      patientResponsibilityCents: 0,
      deniedCents: 25000,
      adjustmentReasons: ['CO-197'],
      remarkCodes: ['N54'],
      daysToPayment: 14,
    } as AnalyticsClaimRecord,
  },
};
