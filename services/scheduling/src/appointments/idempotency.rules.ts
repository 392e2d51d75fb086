import { createHash } from 'node:crypto';
import { BookAppointmentRequest } from '@clinic-flow/contracts';
import { invalid, unprocessable } from '@clinic-flow/platform';
import { AppointmentRecord, BookingIdempotency } from './appointments.schema';

/*
 * Idempotency-Key for booking (pure rules). A client that got no answer, or a 5xx (the gateway's
 * upstream timeout answers 503 while scheduling may still commit), sends the same request again with
 * the same key and gets the first outcome instead of a second booking or a conflict with its own.
 *
 * The key is stored with the booking itself, not beside it: the appointment's id is derived from
 * (user, key), so the unique _id of the one document written is what makes a key book at most once,
 * on MongoDB and FerretDB alike, and a retry finds the first outcome with one read by _id.
 */

/** How long a key answers with its first outcome; later the same key is refused (use a new key). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** Visible ASCII, 1-255 characters: a UUID, a ULID or the client's own request id all fit (IETF draft-ietf-httpapi-idempotency-key-header). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The header's value checked: 400 IDEMPOTENCY.KEY_INVALID for an empty, too long or non-ASCII key. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!KEY.test(value)) {
    throw invalid('IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice).');
  }
  return value;
}

/** The appointment id a key books under: the same user and key always give the same id, different users never share one. */
export function appointmentIdFor(userId: string, key: string): string {
  const h = createHash('sha256').update(`appointment-booking\0${userId}\0${key}`).digest('hex');
  // Shaped as a UUID (version 8: custom) so it reads like every other appointment id.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What "the same request" means: every field of the booking request, in a fixed order. */
export function requestFingerprint(request: BookAppointmentRequest): string {
  const fields = [request.patientId, request.providerId, request.siteId, request.appointmentTypeId, request.start, request.reason, request.roomId ?? null, request.overbookReason ?? null];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export function idempotencyOf(request: BookAppointmentRequest, now: Date): BookingIdempotency {
  return { fingerprint: requestFingerprint(request), expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) };
}

/**
 * What a repeated request gets, given the appointment its key booked: the first outcome (the
 * appointment as it was booked), or 422 when the key was used for another request or has expired.
 */
export function replayOf(stored: AppointmentRecord, request: BookAppointmentRequest, now: Date): AppointmentRecord {
  const idem = stored.idempotency;
  if (!idem || idem.fingerprint !== requestFingerprint(request)) {
    throw unprocessable('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for a different booking request; use a new key for a new booking.');
  }
  if (now.getTime() > new Date(idem.expiresAt).getTime()) {
    throw unprocessable('IDEMPOTENCY.KEY_EXPIRED', `This Idempotency-Key was used more than ${IDEMPOTENCY_TTL_MS / 3_600_000} hours ago; use a new key for a new booking.`);
  }
  return asBooked(stored);
}

/** The appointment as its booking answered it (revision 1), whatever happened to it since. */
export function asBooked(a: AppointmentRecord): AppointmentRecord {
  const booking = (a.history ?? []).find((h) => h.revision === 1) ?? a.history?.[0];
  const moved = (a.history ?? []).find((h) => h.action === 'rescheduled' && h.previous);
  const first = moved?.previous;
  return {
    ...a,
    // A move records where the appointment was before it: the first move's "previous" is where it was booked.
    ...(first ? { providerId: first.providerId, start: new Date(first.start), end: new Date(first.end), roomId: first.roomId } : {}),
    status: 'booked',
    revision: 1,
    history: booking ? [booking] : [],
    confirmation: undefined,
    checkIn: undefined,
    completion: undefined,
    noShow: undefined,
    cancellation: undefined,
    updatedAt: a.createdAt,
  };
}
