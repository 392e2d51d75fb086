import { randomUUID } from 'node:crypto';
import { EventEnvelope, PatientMergedV1, Topics } from '@clinic-flow/contracts';
import { describe as describeEvent, describeGeneric, mayReadTimelineKind, pageOf, timelineEvents } from './timeline.rules';

const envelope = (type: string, data: Record<string, unknown>, subject = 'p-1'): EventEnvelope => ({
  id: randomUUID(),
  type,
  version: 1,
  source: 'scheduling',
  time: '2026-11-30T10:00:00.000Z',
  subject,
  siteId: 'site-a',
  correlationId: 'c',
  causationId: null,
  data,
});

describe('timeline entries from events', () => {
  it('describes an appointment without its free-text reason', () => {
    const [entry] = describeEvent(
      envelope('appointment.cancelled', { appointmentId: 'a-1', patientId: 'p-1', providerId: 'x', siteId: 'site-a', start: '2026-12-01T10:00:00Z', reason: 'private words', cancelledBy: 'u', cancelledAt: '2026-11-30T10:00:00Z', party: 'patient' }),
    );
    expect(entry).toEqual({ patientId: 'p-1', kind: 'appointment', summary: 'Appointment cancelled by the patient', refId: 'a-1' });
    expect(JSON.stringify(entry)).not.toContain('private words');
  });

  it('puts a merge on both records', () => {
    const entries = describeEvent(envelope('patient.merged', { mergeId: 'm-1', survivorId: 's', mergedPatientId: 'd', mergedBy: 'u', mergedAt: 'x', undoableUntil: 'y' }, 'd'));
    expect(entries.map((e) => [e.patientId, e.kind, e.refId])).toEqual([
      ['s', 'merge', 'm-1'],
      ['d', 'merge', 'm-1'],
    ]);
  });

  it('keeps an event patient-records produces without a line of its own, from its type and ids only', () => {
    expect(describeGeneric(envelope('allergy.recorded', { patientId: 'p-9', entryId: 'e-1', substance: 'peanut' }))).toEqual({
      patientId: 'p-9',
      kind: 'allergy',
      summary: 'Allergy: recorded',
      refId: 'e-1',
    });
    expect(describeGeneric(envelope('consent.communication-revoked', { consentId: 'c-1' }, 'p-3'))).toEqual({
      patientId: 'p-3',
      kind: 'consent',
      summary: 'Consent: communication revoked',
      refId: 'c-1',
    });
  });

  it('says what a clinical, consent or referral event was from its codes and kinds, never its content', () => {
    const at = { siteId: 'site-a', by: 'u', at: '2026-11-30T10:00:00.000Z' };
    const [problem] = describeEvent(envelope('patient.problem-recorded', { patientId: 'p-1', entryId: 'e-1', code: 'E11.9', status: 'active', ...at }));
    expect(problem).toEqual({ patientId: 'p-1', kind: 'problem', summary: 'Problem recorded: ICD-10-CM E11.9', refId: 'e-1' });
    const [vitals] = describeEvent(envelope('patient.vitals-recorded', { patientId: 'p-1', entryId: 'v-1', status: 'final', measured: ['bloodPressure', 'spo2'], takenAt: at.at, ...at }));
    expect(vitals.summary).toBe('Vitals taken: blood pressure, spo2');
    const [withdrawn] = describeEvent(envelope('patient.allergy-updated', { patientId: 'p-1', entryId: 'a-1', severity: 'mild', status: 'entered-in-error', changed: ['status'], reason: 'wrong patient', ...at }));
    expect(withdrawn.summary).toBe('Allergy marked entered in error');
    expect(JSON.stringify(withdrawn)).not.toContain('wrong patient');
    const [revoked] = describeEvent(envelope('consent.revoked', { consentId: 'c-1', patientId: 'p-1', kind: 'communication', channel: 'sms', formVersion: '2025-01', revokedAt: at.at, revokedBy: 'u' }));
    expect(revoked).toEqual({ patientId: 'p-1', kind: 'consent', summary: 'Revoked: communication (sms)', refId: 'c-1' });
  });

  it('ignores events of other services that have no line', () => {
    expect(describeEvent(envelope('site.registered', { siteId: 's', name: 'n', timeZone: 'UTC' }))).toEqual([]);
  });

  it('consumes every event patient-records produces, and the appointment and message events', () => {
    const keys = timelineEvents().map((d) => `${d.type}.v${d.version}`);
    expect(keys).toEqual(expect.arrayContaining(['patient.merged.v1', 'appointment.booked.v1', 'notification.sent.v1', 'patient.contact-updated.v1']));
    expect(new Set(keys).size).toBe(keys.length);
    expect(timelineEvents().filter((d) => d.topic === Topics.patients)).toContain(PatientMergedV1);
  });
});

describe('timeline pages', () => {
  const at = (s: string, id: string) => ({ _id: id, occurredAt: new Date(s) });
  const entries = [at('2026-11-01T00:00:00Z', 'a'), at('2026-11-03T00:00:00Z', 'c'), at('2026-11-02T00:00:00Z', 'b')];

  it('returns the newest first and where the next page starts', () => {
    const first = pageOf(entries, undefined, 2);
    expect(first.items.map((e) => e._id)).toEqual(['c', 'b']);
    expect(first.nextBefore?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    const second = pageOf(entries, first.nextBefore, 2);
    expect(second.items.map((e) => e._id)).toEqual(['a']);
    expect(second.nextBefore).toBeUndefined();
  });
});

describe('who sees which timeline lines', () => {
  it("a clinical entry's line only for who may read the entry: the desk sees none, billing coders and office managers the problems", () => {
    const clinical = ['allergy', 'medication', 'vitals', 'problem'];
    const seen = (role: string) => clinical.filter((k) => mayReadTimelineKind([role], k));
    expect(seen('receptionist')).toEqual([]);
    expect(seen('office-manager')).toEqual(['problem']);
    expect(seen('billing-coder')).toEqual(['problem']);
    expect(seen('medical-assistant')).toEqual(clinical);
    for (const kind of ['registration', 'appointment', 'message', 'document', 'merge']) expect(mayReadTimelineKind(['receptionist'], kind)).toBe(true);
  });
});
