import { DeadLetterHeaders } from '@clinic-flow/contracts';
import { applyCorrection, CorrectionRefused, deadLetterOrigin, isDeadLetterTopic, isEventTopic, latenessSummary, MASKED, maskEvent, replayHeaders } from './operations.rules';

const registered = {
  id: '6f1c2a8e-1111-4b7a-9c1d-2e3f4a5b6c7d',
  type: 'patient.registered',
  version: 1,
  source: 'patient-records',
  time: '2026-12-02T10:00:00.000Z',
  subject: 'pat-1',
  siteId: 'site-downtown',
  correlationId: 'c-1',
  causationId: null,
  data: {
    patientId: 'pat-1',
    mrn: 'MRN-00000042',
    firstName: 'Zephyrine',
    lastName: 'Quillfeather',
    dateOfBirth: '1980-05-17',
    phone: '+15550123456',
    email: 'zq@example.com',
    preferredChannel: 'sms',
    registeredAt: '2026-12-02T10:00:00.000Z',
    address: { line1: '77 Mott St', city: 'New York', postalCode: '10013' },
    changedFields: ['firstName', 'phone'],
    siteIds: ['site-downtown'],
  },
};

describe('masking what the operations console shows', () => {
  it('keeps the envelope, ids, instants and enumerations, and masks every patient field', () => {
    const { event } = maskEvent(JSON.stringify(registered));
    expect(event).toMatchObject({ id: registered.id, type: 'patient.registered', subject: 'pat-1', siteId: 'site-downtown' });
    const data = event!.data as Record<string, unknown>;
    expect(data).toMatchObject({ patientId: 'pat-1', registeredAt: '2026-12-02T10:00:00.000Z', changedFields: ['firstName', 'phone'], siteIds: ['site-downtown'] });
    for (const field of ['mrn', 'firstName', 'lastName', 'dateOfBirth', 'phone', 'email', 'preferredChannel']) expect(data[field]).toBe(MASKED);
    expect(data.address).toEqual({ line1: MASKED, city: MASKED, postalCode: MASKED });
    const shown = JSON.stringify(event);
    for (const secret of ['Zephyrine', 'Quillfeather', '1980-05-17', '+15550123456', 'zq@example.com', 'Mott', '10013', 'MRN-00000042']) expect(shown).not.toContain(secret);
  });

  it('masks a contact point even where an id is expected, and unknown envelope fields', () => {
    const { event } = maskEvent(JSON.stringify({ ...registered, note: 'Zephyrine called', data: { patientId: 'zq@example.com', replyTo: '+15550123456' } }));
    expect(event!.note).toBe(MASKED);
    expect((event!.data as Record<string, unknown>).patientId).toBe('[email]');
    expect((event!.data as Record<string, unknown>).replyTo).toBe(MASKED);
  });

  it('shows a message that is not a JSON object by its size only', () => {
    expect(maskEvent('Zephyrine Quillfeather')).toEqual({ unreadable: { bytes: 22 } });
    expect(maskEvent('["a"]')).toEqual({ unreadable: { bytes: 5 } });
    expect(maskEvent(null)).toEqual({ unreadable: { bytes: 0 } });
  });
});

describe('dead letters', () => {
  const headers = {
    'event-type': 'patient-response.received',
    [DeadLetterHeaders.reason]: 'contract-violation',
    [DeadLetterHeaders.error]: 'event violates its contract: data.receivedAt must be a valid ISO 8601 date string; value "Zephyrine"',
    [DeadLetterHeaders.sourceTopic]: 'clinic.notification.patient-response.v1',
    [DeadLetterHeaders.sourcePartition]: '4',
    [DeadLetterHeaders.sourceOffset]: '120',
    [DeadLetterHeaders.consumerGroup]: 'scheduling',
    [DeadLetterHeaders.attempts]: '0',
    [DeadLetterHeaders.failedAt]: '2026-12-02T10:00:01.000Z',
  };

  it('reads where a dead letter came from and why, its error redacted', () => {
    expect(deadLetterOrigin(headers)).toEqual({
      consumerGroup: 'scheduling',
      sourceTopic: 'clinic.notification.patient-response.v1',
      sourcePartition: 4,
      sourceOffset: '120',
      reason: 'contract-violation',
      error: 'event violates its contract: data.receivedAt must be a valid ISO 8601 date string; value "…"',
      attempts: 0,
      failedAt: '2026-12-02T10:00:01.000Z',
    });
  });

  it('replays with the original headers, without the dead-letter ones, saying where it came from', () => {
    expect(replayHeaders({ ...headers, 'ops-replay-of': 'old' }, { topic: 'clinic.deadletter.scheduling.v1', partition: 2, offset: '7' }, 'user-1')).toEqual({
      'event-type': 'patient-response.received',
      'ops-replay-of': 'clinic.deadletter.scheduling.v1/2/7',
      'ops-replayed-by': 'user-1',
    });
  });

  it('applies a correction by field path, keeping the event identity', () => {
    const raw = JSON.stringify({ id: 'e-1', type: 't', version: 1, data: { a: 1, nested: { b: 2 } } });
    expect(JSON.parse(applyCorrection(raw, { 'data.receivedAt': '2026-12-02T10:00:00.000Z', 'data.nested.b': null, 'data.extra.c': 3 }))).toEqual({
      id: 'e-1',
      type: 't',
      version: 1,
      data: { a: 1, nested: {}, receivedAt: '2026-12-02T10:00:00.000Z', extra: { c: 3 } },
    });
  });

  it('refuses a correction of the identity, a bad path, or of a message that is not JSON', () => {
    const raw = JSON.stringify({ id: 'e-1', type: 't', version: 1, data: { a: 1 } });
    expect(() => applyCorrection(raw, { id: 'e-2' })).toThrow(CorrectionRefused);
    expect(() => applyCorrection(raw, { version: 2 })).toThrow(/identity/);
    expect(() => applyCorrection(raw, { 'data..a': 1 })).toThrow(/not a field path/);
    expect(() => applyCorrection(raw, { '__proto__.polluted': 1 })).toThrow(/not a field path/);
    expect(() => applyCorrection(raw, { 'data.a.b': 1 })).toThrow(/not an object/);
    expect(() => applyCorrection('not json', { 'data.a': 1 })).toThrow(/not JSON/);
  });

  it('tells dead-letter topics from event topics', () => {
    expect(isDeadLetterTopic('clinic.deadletter.scheduling.v1')).toBe(true);
    expect(isDeadLetterTopic('clinic.scheduling.appointment.v1')).toBe(false);
    expect(isEventTopic('clinic.scheduling.appointment.v1')).toBe(true);
    expect(isEventTopic('clinic.deadletter.notification.v1')).toBe(false);
    expect(isEventTopic('__consumer_offsets')).toBe(false);
  });
});

describe('a queue lateness summary from its histogram', () => {
  const sample = (name: string, value: number, labels: Record<string, string> = {}) => ({ name, value, labels: { queue: 'reminders', ...labels } as Record<string, string> });
  const histogram = [
    sample('job_lateness_seconds_bucket', 60, { le: '0.1' }),
    sample('job_lateness_seconds_bucket', 98, { le: '0.5' }),
    sample('job_lateness_seconds_bucket', 99, { le: '1' }),
    sample('job_lateness_seconds_bucket', 100, { le: '5' }),
    sample('job_lateness_seconds_bucket', 100, { le: '+Inf' }),
    sample('job_lateness_seconds_sum', 20),
    sample('job_lateness_seconds_count', 100),
    { name: 'job_lateness_seconds_count', value: 7, labels: { queue: 'other' } },
  ];

  it('gives the number of jobs, the mean and the bucket bounds of p50 and p99', () => {
    expect(latenessSummary(histogram, 'reminders')).toEqual({ jobs: 100, meanSeconds: 0.2, p50Seconds: 0.1, p99Seconds: 1 });
  });

  it('says when the percentile is past the last bucket, and nothing for a queue with no job yet', () => {
    const cumulative: Record<string, number> = { '1': 95, '5': 98 };
    const late = histogram.map((s) => (s.name === 'job_lateness_seconds_bucket' && s.labels.le in cumulative ? { ...s, value: cumulative[s.labels.le] } : s));
    expect(latenessSummary(late, 'reminders')?.p99Seconds).toBeNull();
    expect(latenessSummary(histogram, 'no-show')).toBeUndefined();
  });
});
