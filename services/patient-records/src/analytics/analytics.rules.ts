import { createHmac, hkdfSync } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  ANALYTICS_CONSUMER_NAME,
  ANALYTICS_DATE_GRANULARITIES,
  AnalyticsAppointmentRecord,
  AnalyticsClaimRecord,
  AnalyticsDateGranularity,
  AnalyticsEligibilityRecord,
  AnalyticsMessageRecord,
  AnalyticsStream,
  analyticsTopic,
  EventEnvelope,
} from '@clinic-flow/contracts';

/*
 * De-identification per HIPAA Safe Harbor (45 CFR 164.514(b)(2)), as pure functions: which fields
 * of a domain event become which fields of an analytics record, for one registered consumer.
 * What is left out is everything that identifies the patient or the source system's records
 * (names, contact points, addresses, MRN, patient / appointment / message / provider / user ids,
 * correlation ids, every full date and time). Dates: the year, plus the ISO week or the month when
 * the consumer is registered for it (week is what the no-show report needs; a consumer that must
 * meet Safe Harbor to the letter is registered with `:year`). A visit's hour of day is kept
 * without its date (the record's week says no day), lead times as whole days.
 */

/** A registered analytics consumer: its name (in its topics' names), its key, and how finely it sees dates. */
export interface AnalyticsConsumer {
  name: string;
  key: Buffer;
  dates: AnalyticsDateGranularity;
}

/** The first three digits of ZIP codes whose area had 20,000 people or fewer (2000 census, per HHS): shown as 000. */
export const RESTRICTED_ZIP3 = new Set(['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893']);

/**
 * Parses `ANALYTICS_CONSUMERS`: `name[:week|month|year]`, comma-separated (`research,quality:month`).
 * Each consumer's key is derived from the service's secret and its name (HKDF-SHA256): independent
 * keys, none stored, and the secret never leaves the service. Re-keying a consumer = a new name.
 */
export function parseAnalyticsConsumers(spec: string, secret: string | undefined): AnalyticsConsumer[] {
  const entries = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length && (!secret || secret.length < 32)) throw new Error('analytics consumers need a secret of at least 32 characters to key their pseudonyms');
  const seen = new Set<string>();
  return entries.map((entry) => {
    const [name, dates = 'week', ...rest] = entry.split(':');
    if (!ANALYTICS_CONSUMER_NAME.test(name) || rest.length) throw new Error(`"${entry}" is not name[:week|month|year] with a name of lower-case letters, digits and dashes`);
    if (!(ANALYTICS_DATE_GRANULARITIES as readonly string[]).includes(dates)) throw new Error(`"${entry}": dates must be week, month or year`);
    if (seen.has(name)) throw new Error(`analytics consumer "${name}" is registered twice`);
    seen.add(name);
    const key = Buffer.from(hkdfSync('sha256', secret ?? '', 'clinic-flow analytics pseudonyms', `consumer:${name}`, 32));
    return { name, key, dates: dates as AnalyticsDateGranularity };
  });
}

/** A stable pseudonym of a source id for one consumer: `<prefix>_` and 96 bits of HMAC-SHA256. */
export function pseudonym(consumer: AnalyticsConsumer, prefix: 'p' | 'a' | 'm' | 'c', id: string): string {
  return `${prefix}_${createHmac('sha256', consumer.key).update(`${prefix}:${id}`).digest('hex').slice(0, 24)}`;
}

/**
 * The record's id, derived from the source event's id under the consumer's key (a UUID of version
 * 8): the same after a replay or a crash between publishing and committing, so a consumer keeps
 * one record per id, and unrelated between consumers.
 */
export function derivedRecordId(consumer: AnalyticsConsumer, sourceEventId: string): string {
  const h = createHmac('sha256', consumer.key).update(`record:${sourceEventId}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** ZIP3 of a US ZIP code (5 digits, or ZIP+4), "000" when restricted; undefined for anything else. */
export function zip3(postalCode: string | undefined): string | undefined {
  const match = /^(\d{3})\d{2}(-?\d{4})?$/.exec(postalCode?.trim() ?? '');
  if (!match) return undefined;
  return RESTRICTED_ZIP3.has(match[1]) ? '000' : match[1];
}

/** Age in whole years on a day, "90+" from 90 on; undefined for an unreadable date of birth or a day before it. */
export function ageAt(dateOfBirth: string | undefined, on: DateTime): string | undefined {
  const dob = DateTime.fromISO(dateOfBirth ?? '', { zone: 'utc' });
  if (!dob.isValid || !on.isValid) return undefined;
  const years = Math.floor(on.setZone('utc').startOf('day').diff(dob, 'years').years);
  if (years < 0) return undefined;
  return years >= 90 ? '90+' : String(years);
}

/** The period fields a consumer may see of an instant: always the year, and its week or month. */
export function period(consumer: AnalyticsConsumer, at: DateTime): { year: number; week?: string; month?: string } {
  const t = at.setZone('utc');
  if (consumer.dates === 'week') return { year: t.weekYear, week: `${t.weekYear}-W${String(t.weekNumber).padStart(2, '0')}` };
  if (consumer.dates === 'month') return { year: t.year, month: t.toFormat('yyyy-MM') };
  return { year: t.year };
}

/** The start of the instant's period at the consumer's granularity: the Kafka timestamp of its record. */
export function periodStart(consumer: AnalyticsConsumer, at: DateTime): number {
  const t = at.setZone('utc');
  const unit = consumer.dates === 'week' ? 'week' : consumer.dates === 'month' ? 'month' : 'year';
  return t.startOf(unit).toMillis();
}

const days = (from: DateTime, to: DateTime) => Math.floor(to.diff(from, 'days').days);

/** What patient-records knows of the patient that a booking record may carry (age and ZIP3 only). */
export interface PatientFacts {
  dateOfBirth?: string;
  postalCode?: string;
}

export interface AnalyticsOutput {
  stream: AnalyticsStream;
  topic: string;
  key: string;
  timestamp: number;
  record: AnalyticsAppointmentRecord | AnalyticsMessageRecord | AnalyticsEligibilityRecord | AnalyticsClaimRecord;
}

type AnyData = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The record of an appointment event for one consumer, or null for an event analytics does not
 * carry. Only the fields listed here leave: a field added to a domain event later stays out
 * until someone adds it here, deliberately.
 */
export function appointmentRecord(consumer: AnalyticsConsumer, event: EventEnvelope<AnyData>, patient?: PatientFacts): AnalyticsOutput | null {
  const d = event.data;
  const appointmentId = str(d.appointmentId) ?? '';
  const start = DateTime.fromISO(str(d.start) ?? event.time, { zone: 'utc' });
  const eventTime = DateTime.fromISO(event.time, { zone: 'utc' });
  const base = {
    id: derivedRecordId(consumer, event.id),
    version: 1,
    ...period(consumer, start),
    siteId: str(d.siteId),
    patient: pseudonym(consumer, 'p', str(d.patientId) ?? ''),
    appointment: pseudonym(consumer, 'a', appointmentId),
  };
  let record: AnalyticsAppointmentRecord;
  switch (event.type) {
    case 'appointment.booked':
    case 'appointment.rescheduled': {
      const zone = str(d.siteTimeZone) ?? 'utc';
      record = {
        ...base,
        type: event.type,
        leadTimeDays: days(eventTime, start),
        hourOfDay: start.setZone(zone).hour,
        durationMinutes: typeof d.durationMinutes === 'number' ? d.durationMinutes : undefined,
        ...(event.type === 'appointment.booked'
          ? {
              appointmentTypeId: str(d.appointmentTypeId),
              appointmentTypeName: str(d.appointmentTypeName),
              telehealth: typeof d.telehealth === 'boolean' ? d.telehealth : undefined,
              fromWaitlist: Boolean(d.waitlistEntryId),
              age: ageAt(patient?.dateOfBirth, start),
              zip3: zip3(patient?.postalCode),
            }
          : {}),
      };
      break;
    }
    case 'appointment.confirmed':
      record = { ...base, type: event.type, via: d.via as AnalyticsAppointmentRecord['via'] };
      break;
    case 'appointment.cancelled':
      record = {
        ...base,
        type: event.type,
        appointmentTypeId: str(d.appointmentTypeId),
        party: d.party as AnalyticsAppointmentRecord['party'],
        noticeDays: days(DateTime.fromISO(str(d.cancelledAt) ?? event.time, { zone: 'utc' }), start),
      };
      break;
    case 'appointment.no-show':
      record = { ...base, type: event.type, automatic: d.markedBy === 'system' };
      break;
    case 'appointment.checked-in':
      record = { ...base, type: event.type };
      break;
    case 'appointment.completed':
      record = { ...base, type: event.type, appointmentTypeId: str(d.appointmentTypeId), appointmentTypeName: str(d.appointmentTypeName) };
      break;
    default:
      return null;
  }
  return { stream: 'appointment', topic: analyticsTopic(consumer.name, 'appointment'), key: base.appointment, timestamp: periodStart(consumer, eventTime), record: withoutUndefined(record) };
}

/** The record of a message event (sent, failed, skipped) or of a patient's answer to one, for one consumer. */
export function messageRecord(consumer: AnalyticsConsumer, event: EventEnvelope<AnyData>): AnalyticsOutput | null {
  const d = event.data;
  const messageId = str(d.messageId);
  if (!messageId) return null;
  const eventTime = DateTime.fromISO(event.time, { zone: 'utc' });
  const appointmentId = str(d.appointmentId);
  const base = {
    id: derivedRecordId(consumer, event.id),
    version: 1,
    siteId: str(d.siteId) ?? event.siteId ?? undefined,
    patient: pseudonym(consumer, 'p', str(d.patientId) ?? ''),
    message: pseudonym(consumer, 'm', messageId),
    appointment: appointmentId ? pseudonym(consumer, 'a', appointmentId) : undefined,
  };
  let record: AnalyticsMessageRecord;
  switch (event.type) {
    case 'notification.sent':
    case 'notification.failed':
    case 'notification.skipped': {
      const due = DateTime.fromISO(str(d.scheduledFor) ?? event.time, { zone: 'utc' });
      record = {
        ...base,
        ...period(consumer, due),
        type: event.type === 'notification.sent' ? 'message.sent' : event.type === 'notification.failed' ? 'message.failed' : 'message.skipped',
        kind: d.kind as AnalyticsMessageRecord['kind'],
        channel: d.channel as AnalyticsMessageRecord['channel'],
        attempts: event.type === 'notification.failed' && typeof d.attempts === 'number' ? d.attempts : undefined,
      };
      break;
    }
    case 'patient-response.received':
      record = {
        ...base,
        ...period(consumer, DateTime.fromISO(str(d.receivedAt) ?? event.time, { zone: 'utc' })),
        type: 'message.answered',
        action: d.action as AnalyticsMessageRecord['action'],
        via: d.via as AnalyticsMessageRecord['via'],
      };
      break;
    default:
      return null;
  }
  return { stream: 'message', topic: analyticsTopic(consumer.name, 'message'), key: base.message, timestamp: periodStart(consumer, eventTime), record: withoutUndefined(record) };
}

/** The record of an eligibility check (insurance `eligibility.checked`) for one consumer: never member ids or payer text. */
export function eligibilityRecord(consumer: AnalyticsConsumer, event: EventEnvelope<AnyData>): AnalyticsOutput | null {
  if (event.type !== 'eligibility.checked') return null;
  const d = event.data;
  const appointmentId = str(d.appointmentId);
  const patient = pseudonym(consumer, 'p', str(d.patientId) ?? '');
  const reason = str(d.reason);
  const record: AnalyticsEligibilityRecord = {
    id: derivedRecordId(consumer, event.id),
    type: 'eligibility.checked',
    version: 1,
    ...period(consumer, DateTime.fromISO(str(d.dateOfService) ?? event.time, { zone: 'utc' })),
    siteId: str(d.siteId),
    patient,
    appointment: appointmentId ? pseudonym(consumer, 'a', appointmentId) : undefined,
    payerId: str(d.payerId) ?? '',
    status: d.status as AnalyticsEligibilityRecord['status'],
    // Only a code: anything else (payer text) stays out.
    reason: reason && /^[A-Za-z0-9._-]{1,40}$/.test(reason) ? reason : undefined,
    trigger: str(d.trigger) ?? '',
    order: d.order as AnalyticsEligibilityRecord['order'],
  };
  const eventTime = DateTime.fromISO(event.time, { zone: 'utc' });
  return { stream: 'eligibility', topic: analyticsTopic(consumer.name, 'eligibility'), key: patient, timestamp: periodStart(consumer, eventTime), record: withoutUndefined(record) };
}

/** Which claim record a claim event makes (by the event and the claim's status after it), or null for one analytics does not carry (created, denial worked). */
function claimRecordType(type: string, status: unknown): { type: AnalyticsClaimRecord['type']; rejectedBy?: '999' | '277CA'; partial?: boolean } | null {
  if (type === 'claim.submitted') return status === 'submitted' ? { type: 'claim.submitted' } : status === 'rejected' ? { type: 'claim.rejected', rejectedBy: '999' } : null;
  if (type === 'claim.acknowledged') return status === 'accepted' ? { type: 'claim.accepted' } : status === 'rejected' ? { type: 'claim.rejected', rejectedBy: '277CA' } : null;
  if (type !== 'claim.adjudicated') return null;
  if (status === 'paid' || status === 'partially-paid') return { type: 'claim.paid', partial: status === 'partially-paid' };
  if (status === 'denied') return { type: 'claim.denied' };
  if (status === 'reversed') return { type: 'claim.reversed' };
  return null;
}

const codes = (v: unknown) => (Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : undefined);
const cents = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/**
 * The record of a claim event (billing's claim.submitted, acknowledged, adjudicated) for one
 * consumer: the payer, amounts, CARC / RARC codes and whole days from submission to the 835's
 * payment date; never control numbers, the rejection's text or who changed it.
 */
export function claimRecord(consumer: AnalyticsConsumer, event: EventEnvelope<AnyData>): AnalyticsOutput | null {
  const d = event.data;
  const kind = claimRecordType(event.type, d.status);
  const claimId = str(d.claimId);
  if (!kind || !claimId) return null;
  const eventTime = DateTime.fromISO(event.time, { zone: 'utc' });
  const adjudicated = event.type === 'claim.adjudicated';
  const paid = str(d.paymentDate);
  const sent = str(d.submittedAt);
  const paymentDate = adjudicated && paid ? DateTime.fromISO(paid, { zone: 'utc' }) : undefined;
  const submittedAt = sent ? DateTime.fromISO(sent, { zone: 'utc' }) : undefined;
  const daysToPayment = paymentDate?.isValid && submittedAt?.isValid ? Math.max(0, Math.floor(paymentDate.diff(submittedAt.startOf('day'), 'days').days)) : undefined;
  const claim = pseudonym(consumer, 'c', claimId);
  const record: AnalyticsClaimRecord = {
    id: derivedRecordId(consumer, event.id),
    ...kind,
    version: 1,
    ...period(consumer, paymentDate?.isValid ? paymentDate : eventTime),
    siteId: str(d.siteId),
    patient: pseudonym(consumer, 'p', str(d.patientId) ?? ''),
    claim,
    payerId: str(d.payerId) ?? '',
    order: d.order as AnalyticsClaimRecord['order'],
    frequency: d.frequency as AnalyticsClaimRecord['frequency'],
    chargeCents: cents(d.totalChargeCents) ?? 0,
    ...(adjudicated
      ? {
          paidCents: cents(d.paidCents),
          patientResponsibilityCents: kind.type === 'claim.reversed' ? undefined : cents(d.patientResponsibilityCents),
          deniedCents: cents(d.deniedCents),
          adjustmentReasons: codes(d.adjustmentReasons),
          remarkCodes: codes(d.remarkCodes),
          daysToPayment,
        }
      : {}),
  };
  return { stream: 'claim', topic: analyticsTopic(consumer.name, 'claim'), key: claim, timestamp: periodStart(consumer, eventTime), record: withoutUndefined(record) };
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
