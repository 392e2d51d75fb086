import { DateTime, Duration } from 'luxon';
import { AppointmentStatus, Channel, MessageKind } from '@clinic-flow/contracts';
import type { ReminderStep } from '../policies/policies.rules';

export interface PlannedReminder {
  id: string;
  offset: string;
  channel?: Channel;
  dueAt: Date;
}

/** UTC start as a compact id part (BullMQ job ids may not contain ':'). */
const compact = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/**
 * Deterministic id of one reminder of one appointment at one start time: the same event handled
 * twice plans the same ids (the queue refuses a job id it already has), and a moved appointment
 * plans new ids, so its new jobs never collide with the old, cancelled ones.
 */
export function reminderId(appointmentId: string, offset: string, start: Date): string {
  return `rem_${appointmentId}_${offset}_${compact(start)}`;
}

/** Ids of the one-off messages about an appointment or an offer. */
export const messageIds = {
  followUp: (appointmentId: string) => `fu_${appointmentId}`,
  rebooking: (appointmentId: string) => `rb_${appointmentId}`,
  recall: (appointmentId: string) => `rc_${appointmentId}`,
  waitlistOffer: (offerId: string) => `wl_${offerId}`,
  letter: (letterId: string) => `lt_${letterId}`,
  /** One reminder per chase (the chase's desk task id is unique per referral, step and step time). */
  referralReminder: (taskId: string) => `rr_${taskId}`,
  /** One notice to the office managers per break-the-glass access. */
  breakGlassNotice: (breakGlassId: string) => `bg_${breakGlassId}`,
  /** One message per statement (a reminder or final notice is a statement of its own). */
  statement: (statementId: string) => `st_${statementId}`,
} satisfies Record<string, (id: string) => string>;

/** Reminders due before the start, one per policy step; those due before `since` (the booking) are not planned. */
export function planReminders(appointmentId: string, start: Date, steps: ReminderStep[], since: Date): PlannedReminder[] {
  return steps
    .map((step) => ({
      id: reminderId(appointmentId, step.offset, start),
      offset: step.offset,
      channel: step.channel,
      dueAt: new Date(start.getTime() - Duration.fromISO(step.offset).toMillis()),
    }))
    .filter((r) => r.dueAt.getTime() > since.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export interface ContactPoints {
  email?: string;
  phone?: string;
  preferredChannel: Channel;
  optedOutChannels?: Channel[];
  /** Channels whose communication consent the patient revoked (patient-records' consents). */
  consentRevokedChannels?: Channel[];
}

export type Route = { channel: Channel; address: string } | { skip: string };

/**
 * Where a message goes: the requested channel (a policy step's) or the patient's preferred one if
 * the patient can be reached there, has not opted out and has not revoked consent to it; else the
 * other channel under the same conditions; else nowhere, with the reason (the message is then
 * skipped, not retried).
 */
export function chooseChannel(contact: ContactPoints, requested?: Channel): Route {
  const first = requested ?? contact.preferredChannel;
  const order: Channel[] = first === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  const optedOut = new Set(contact.optedOutChannels ?? []);
  const revoked = new Set(contact.consentRevokedChannels ?? []);
  for (const channel of order) {
    const to = channel === 'email' ? contact.email : contact.phone;
    if (to && !optedOut.has(channel) && !revoked.has(channel)) return { channel, address: to };
  }
  const reachable = order.filter((c) => (c === 'email' ? contact.email : contact.phone));
  if (!reachable.length) return { skip: 'the patient has no email address or phone number' };
  const optedOutOf = reachable.filter((c) => optedOut.has(c));
  const revokedFor = reachable.filter((c) => !optedOut.has(c) && revoked.has(c));
  const reasons = [
    ...(optedOutOf.length ? [`opted out of ${optedOutOf.join(' and ')}`] : []),
    ...(revokedFor.length ? [`revoked communication consent for ${revokedFor.join(' and ')}`] : []),
  ];
  return { skip: `the patient ${reasons.join(' and ')}` };
}

/** The end of a waitlist offer's hold when its message goes out at `sentAt`: `holdMinutes` later, never past the slot's start. */
export function offerHoldUntil(sentAt: Date, holdMinutes: number, slotStart: Date): Date {
  return new Date(Math.min(sentAt.getTime() + holdMinutes * 60_000, slotStart.getTime()));
}

/** When the post-visit follow-up goes out: a delay after check-out. */
export function followUpDue(completedAt: Date, delay: string): Date {
  return new Date(completedAt.getTime() + Duration.fromISO(delay).toMillis());
}

/** When a recall reminder goes out: `lead` before the recall date, at `sendTime` in the site's zone. */
export function recallDue(recallDueOn: string, zone: string, sendTime: string, lead: string): Date {
  const [hour, minute] = sendTime.split(':').map(Number);
  return DateTime.fromISO(recallDueOn, { zone }).set({ hour, minute }).minus(Duration.fromISO(lead)).toJSDate();
}

/** Appointment statuses in which reminders still go out and their links still answer. */
export const OPEN_STATUSES: AppointmentStatus[] = ['booked', 'confirmed'];

/** Appointment statuses after which nothing more is sent about the visit itself. */
export const CLOSED_STATUSES = ['cancelled', 'no-show', 'completed', 'checked-in'] as const;

/** Which kinds re-read the appointment before sending (they are void once it moved or closed). */
export const APPOINTMENT_BOUND_KINDS: MessageKind[] = ['appointment-reminder'];

/**
 * Ordering of appointment events for the view: by revision when both carry one, else by event
 * time; an older event never overwrites a newer state.
 */
export function isNewer(incoming: { revision?: number; at: Date }, stored: { revision?: number; asOf?: Date }): boolean {
  if (incoming.revision !== undefined && stored.revision !== undefined) return incoming.revision > stored.revision;
  return !stored.asOf || incoming.at.getTime() >= stored.asOf.getTime();
}

/** What Redis still says about a message's send: its job's state and the channel's idempotency marker. */
export interface SendEvidence {
  /** `live`: waiting, delayed or running (BullMQ will run it again); `finished`: completed or failed; `missing`: Redis lost it. */
  job: 'live' | 'finished' | 'missing';
  /** The channel's marker (`sending:<ms>` or `sent:<provider id>`), null when Redis has none. */
  marker: string | null;
}

export type StuckSendResolution =
  | { action: 'wait' }
  | { action: 'record-sent'; providerMessageId: string }
  | { action: 'retry'; reason: string }
  | { action: 'uncertain'; reason: string };

/**
 * A message claimed for sending (`sending`) whose worker gave no result within `leaseMs`.
 * Exactly once at the patient is the aim; a duplicate and a lost reminder are both failures, and
 * guessing would risk one or the other:
 * - a job Redis still runs (waiting, delayed, active) is BullMQ's to recover (stalled-job check);
 * - the channel's marker says `sent`: the provider accepted it, so it is recorded sent, not resent;
 * - a fresh `sending` marker: another attempt is mid-call, wait;
 * - SMS: resent with the same idempotency key, which the provider drops if it already has it;
 * - email with no marker while Redis kept the job: the provider call never started (the marker is
 *   set before it and cleared on a provider error), so it is resent;
 * - email otherwise (the worker died mid-call, or Redis lost the marker with the job): SMTP cannot
 *   drop a duplicate, and whether the mail left is unknown, so it is marked `uncertain` for staff
 *   to check with the patient, never silently resent or called failed.
 */
export function resolveStuckSend(
  message: { status: string; updatedAt: Date; channel?: Channel },
  evidence: SendEvidence,
  now: Date,
  leaseMs: number,
): StuckSendResolution {
  if (message.status !== 'sending' || now.getTime() - message.updatedAt.getTime() < leaseMs) return { action: 'wait' };
  if (evidence.job === 'live') return { action: 'wait' };
  const marker = evidence.marker;
  if (marker?.startsWith('sent:')) return { action: 'record-sent', providerMessageId: marker.slice('sent:'.length) };
  if (marker?.startsWith('sending:') && now.getTime() - Number(marker.slice('sending:'.length)) < leaseMs) return { action: 'wait' };
  if (message.channel === 'sms') return { action: 'retry', reason: 'the worker stopped while sending; resent under the same idempotency key, which the SMS provider drops if it has it' };
  if (!marker && evidence.job === 'finished') return { action: 'retry', reason: 'the worker stopped before the provider call; resent' };
  return {
    action: 'uncertain',
    reason: marker
      ? 'the worker stopped during the email send: it may or may not have reached the patient (not resent: SMTP cannot drop a duplicate)'
      : 'the worker stopped while sending and Redis lost the send record: the email may or may not have reached the patient (not resent: SMTP cannot drop a duplicate)',
  };
}
