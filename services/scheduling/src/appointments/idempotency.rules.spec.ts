import { BookAppointmentRequest } from '@clinic-flow/contracts';
import { AppointmentRecord } from './appointments.schema';
import { appointmentIdFor, asBooked, IDEMPOTENCY_TTL_MS, idempotencyOf, parseIdempotencyKey, replayOf, requestFingerprint } from './idempotency.rules';

const now = new Date('2026-12-02T12:00:00Z');
const request = (over: Partial<BookAppointmentRequest> = {}): BookAppointmentRequest =>
  Object.assign(new BookAppointmentRequest(), { patientId: 'pat-1', providerId: 'prov-1', siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: '2026-12-03T09:30:00-05:00', reason: 'Sore throat', ...over });

/** An appointment booked at `now` with `request()` under a key, then moved and cancelled. */
function storedAfterChanges(): AppointmentRecord {
  const booked = { action: 'booked' as const, at: now, by: 'u-1', revision: 1 };
  return {
    _id: appointmentIdFor('u-1', 'k-1'),
    version: 3,
    patientId: 'pat-1',
    providerId: 'prov-2',
    siteId: 'site-downtown',
    appointmentTypeId: 'urgent-care',
    start: new Date('2026-12-04T15:00:00Z'),
    end: new Date('2026-12-04T15:20:00Z'),
    durationMinutes: 20,
    reason: 'Sore throat',
    status: 'cancelled',
    revision: 3,
    bookedBy: 'u-1',
    cancellation: { reason: 'better', cancelledBy: 'u-1', cancelledAt: new Date('2026-12-02T12:10:00Z') },
    history: [
      booked,
      { action: 'rescheduled', at: new Date('2026-12-02T12:05:00Z'), by: 'u-1', revision: 2, previous: { providerId: 'prov-1', start: new Date('2026-12-03T14:30:00Z'), end: new Date('2026-12-03T14:50:00Z'), roomId: 'room-1' } },
      { action: 'cancelled', at: new Date('2026-12-02T12:10:00Z'), by: 'u-1', revision: 3 },
    ],
    idempotency: idempotencyOf(request(), now),
    createdAt: now,
    updatedAt: new Date('2026-12-02T12:10:00Z'),
  };
}

describe('Idempotency-Key', () => {
  it('accepts 1-255 visible ASCII characters and refuses anything else with 400 IDEMPOTENCY.KEY_INVALID', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('x'.repeat(255))).toHaveLength(255);
    for (const bad of ['', ' ', 'a b', 'x'.repeat(256), 'clé', 'a\u0000b']) {
      expect(() => parseIdempotencyKey(bad)).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY.KEY_INVALID', kind: 'invalid' }));
    }
  });

  it('gives one appointment id per user and key, shaped as a UUID', () => {
    const id = appointmentIdFor('u-1', 'k-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(appointmentIdFor('u-1', 'k-1')).toBe(id);
    expect(appointmentIdFor('u-2', 'k-1')).not.toBe(id);
    expect(appointmentIdFor('u-1', 'k-2')).not.toBe(id);
    // No concatenation ambiguity between user and key.
    expect(appointmentIdFor('u-1k', '-1')).not.toBe(appointmentIdFor('u-1', 'k-1'));
  });

  it('fingerprints every field of the request', () => {
    const base = requestFingerprint(request());
    expect(requestFingerprint(request())).toBe(base);
    for (const change of [{ patientId: 'pat-2' }, { providerId: 'prov-2' }, { siteId: 'site-riverside' }, { appointmentTypeId: 'follow-up' }, { start: '2026-12-03T09:35:00-05:00' }, { reason: 'Cough' }, { roomId: 'room-1' }, { overbookReason: 'urgent' }]) {
      expect(requestFingerprint(request(change))).not.toBe(base);
    }
  });

  it('answers a repeat with the appointment as it was booked, whatever happened to it since', () => {
    const first = replayOf(storedAfterChanges(), request(), new Date(now.getTime() + 60_000));
    expect(first).toMatchObject({ status: 'booked', revision: 1, providerId: 'prov-1', roomId: 'room-1', start: new Date('2026-12-03T14:30:00Z'), end: new Date('2026-12-03T14:50:00Z'), cancellation: undefined, updatedAt: now });
    expect(first.history).toEqual([{ action: 'booked', at: now, by: 'u-1', revision: 1 }]);
  });

  it('leaves an appointment never changed as it is', () => {
    const stored = { ...storedAfterChanges(), providerId: 'prov-1', start: new Date('2026-12-03T14:30:00Z'), status: 'booked' as const, revision: 1, cancellation: undefined, updatedAt: now };
    stored.history = stored.history!.slice(0, 1);
    expect(asBooked(stored)).toEqual({ ...stored, confirmation: undefined, checkIn: undefined, completion: undefined, noShow: undefined });
  });

  it('refuses the key for a different request (422 KEY_REUSED) and once expired (422 KEY_EXPIRED)', () => {
    expect(() => replayOf(storedAfterChanges(), request({ reason: 'Cough' }), now)).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY.KEY_REUSED', kind: 'unprocessable' }));
    expect(() => replayOf({ ...storedAfterChanges(), idempotency: undefined }, request(), now)).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY.KEY_REUSED' }));
    expect(() => replayOf(storedAfterChanges(), request(), new Date(now.getTime() + IDEMPOTENCY_TTL_MS + 1))).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY.KEY_EXPIRED' }));
    expect(replayOf(storedAfterChanges(), request(), new Date(now.getTime() + IDEMPOTENCY_TTL_MS)).status).toBe('booked');
  });
});
