import { DateTime } from 'luxon';
import { EventEnvelope } from '@clinic-flow/contracts';
import { ageAt, appointmentRecord, claimRecord, derivedRecordId, eligibilityRecord, messageRecord, parseAnalyticsConsumers, period, periodStart, pseudonym, zip3 } from './analytics.rules';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const [research, quality, yearly] = parseAnalyticsConsumers('research,quality:month,registry:year', SECRET);

const envelope = (type: string, data: Record<string, unknown>, extra: Partial<Omit<EventEnvelope, 'data'>> = {}): EventEnvelope<Record<string, unknown>> => ({
  id: '6f1c2f7e-3c1a-4d8e-9b2a-0c5d1e2f3a4b',
  type,
  version: 1,
  source: 'scheduling',
  time: '2026-12-02T15:04:05.000Z',
  subject: 'appt-123',
  siteId: 'site-downtown',
  correlationId: 'corr-987',
  causationId: null,
  data,
  ...extra,
});

const booked = envelope('appointment.booked', {
  appointmentId: 'appt-123',
  patientId: 'pat-456',
  providerId: 'prov-789',
  siteId: 'site-downtown',
  siteName: 'Downtown',
  siteTimeZone: 'America/New_York',
  providerName: 'Dr. Ana Ruiz',
  start: '2026-12-10T14:30:00.000Z',
  end: '2026-12-10T14:45:00.000Z',
  durationMinutes: 15,
  status: 'booked',
  bookedBy: 'user-1',
  appointmentTypeId: 'urgent-care',
  appointmentTypeName: 'Urgent care',
  reason: 'Sore throat',
});

describe('analytics consumers', () => {
  it('parses names and date granularity, and refuses bad ones', () => {
    expect([research, quality, yearly].map((c) => [c.name, c.dates])).toEqual([
      ['research', 'week'],
      ['quality', 'month'],
      ['registry', 'year'],
    ]);
    expect(parseAnalyticsConsumers('', undefined)).toEqual([]);
    expect(() => parseAnalyticsConsumers('Research', SECRET)).toThrow(/lower-case/);
    expect(() => parseAnalyticsConsumers('a.b', SECRET)).toThrow(/lower-case/);
    expect(() => parseAnalyticsConsumers('research:day', SECRET)).toThrow(/week, month or year/);
    expect(() => parseAnalyticsConsumers('research,research', SECRET)).toThrow(/twice/);
    expect(() => parseAnalyticsConsumers('research', 'short')).toThrow(/secret/);
  });

  it('keys each consumer apart: stable pseudonyms within one, unrelated between two', () => {
    expect(pseudonym(research, 'p', 'pat-456')).toBe(pseudonym(parseAnalyticsConsumers('research', SECRET)[0], 'p', 'pat-456'));
    expect(pseudonym(research, 'p', 'pat-456')).toMatch(/^p_[0-9a-f]{24}$/);
    expect(pseudonym(research, 'p', 'pat-456')).not.toBe(pseudonym(quality, 'p', 'pat-456'));
    // Another secret, same name: other pseudonyms (the key is not the name).
    expect(pseudonym(parseAnalyticsConsumers('research', `${SECRET}!`)[0], 'p', 'pat-456')).not.toBe(pseudonym(research, 'p', 'pat-456'));
    expect(derivedRecordId(research, booked.id)).toBe(derivedRecordId(research, booked.id));
    expect(derivedRecordId(research, booked.id)).not.toBe(derivedRecordId(quality, booked.id));
    expect(derivedRecordId(research, booked.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('Safe Harbor generalisations', () => {
  it('keeps three digits of a US ZIP, 000 for the restricted ZIP3s, nothing for anything else', () => {
    expect(zip3('10027')).toBe('100');
    expect(zip3('10027-1234')).toBe('100');
    expect(zip3(' 941031234 ')).toBe('941');
    expect(zip3('03601')).toBe('000');
    expect(zip3('82301')).toBe('000');
    expect(zip3('8230')).toBeUndefined();
    expect(zip3('SW1A 1AA')).toBeUndefined();
    expect(zip3(undefined)).toBeUndefined();
  });

  it('gives ages in whole years at the visit, 90 and over as 90+', () => {
    const on = DateTime.fromISO('2026-12-10T14:30:00Z');
    expect(ageAt('1984-03-12', on)).toBe('42');
    expect(ageAt('1984-12-10', on)).toBe('42');
    expect(ageAt('1984-12-11', on)).toBe('41');
    expect(ageAt('1937-01-01', on)).toBe('89');
    expect(ageAt('1936-12-10', on)).toBe('90+');
    expect(ageAt('1920-06-01', on)).toBe('90+');
    expect(ageAt('2027-01-01', on)).toBeUndefined();
    expect(ageAt('not a date', on)).toBeUndefined();
  });

  it('shows a date as its ISO week, its month or its year only, and stamps records at the start of that period', () => {
    const sunday = DateTime.fromISO('2027-01-03T23:30:00Z'); // ISO week 53 of 2026
    expect(period(research, sunday)).toEqual({ year: 2026, week: '2026-W53' });
    expect(period(quality, sunday)).toEqual({ year: 2027, month: '2027-01' });
    expect(period(yearly, sunday)).toEqual({ year: 2027 });
    expect(new Date(periodStart(research, sunday)).toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(new Date(periodStart(quality, sunday)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(new Date(periodStart(yearly, sunday)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('appointment records', () => {
  it('carries the booking dimensions and nothing that identifies the patient or the source records', () => {
    const out = appointmentRecord(research, booked, { dateOfBirth: '1936-05-01', postalCode: '03601' })!;
    expect(out.topic).toBe('clinic.analytics.research.appointment.v1');
    expect(out.key).toBe(pseudonym(research, 'a', 'appt-123'));
    expect(new Date(out.timestamp).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(out.record).toEqual({
      id: derivedRecordId(research, booked.id),
      type: 'appointment.booked',
      version: 1,
      year: 2026,
      week: '2026-W50',
      siteId: 'site-downtown',
      patient: pseudonym(research, 'p', 'pat-456'),
      appointment: pseudonym(research, 'a', 'appt-123'),
      appointmentTypeId: 'urgent-care',
      appointmentTypeName: 'Urgent care',
      leadTimeDays: 7,
      hourOfDay: 9,
      durationMinutes: 15,
      fromWaitlist: false,
      age: '90+',
      zip3: '000',
    });
    const text = JSON.stringify(out);
    for (const value of ['appt-123', 'pat-456', 'prov-789', 'Dr. Ana Ruiz', 'user-1', 'Sore throat', 'corr-987', booked.id, '2026-12-10', '03601', '1936']) {
      expect([value, text.includes(value)]).toEqual([value, false]);
    }
  });

  it('carries each outcome with the visit period and what it says, never its full time', () => {
    const ref = { appointmentId: 'appt-123', patientId: 'pat-456', providerId: 'prov-789', siteId: 'site-downtown', start: '2026-12-10T14:30:00.000Z' };
    const cancelled = appointmentRecord(quality, envelope('appointment.cancelled', { ...ref, cancelledBy: 'user-1', cancelledAt: '2026-12-08T10:00:00.000Z', party: 'patient', appointmentTypeId: 'urgent-care' }))!;
    expect(cancelled.record).toMatchObject({ type: 'appointment.cancelled', year: 2026, month: '2026-12', party: 'patient', noticeDays: 2, appointmentTypeId: 'urgent-care' });
    expect(cancelled.record).not.toHaveProperty('week');
    expect(appointmentRecord(research, envelope('appointment.no-show', { ...ref, markedBy: 'system', markedAt: '2026-12-10T14:45:00.000Z' }))!.record).toMatchObject({ type: 'appointment.no-show', week: '2026-W50', automatic: true });
    expect(appointmentRecord(research, envelope('appointment.confirmed', { ...ref, via: 'sms', confirmedBy: 'patient', confirmedAt: '2026-12-09T10:00:00.000Z' }))!.record).toMatchObject({ type: 'appointment.confirmed', via: 'sms' });
    const checkedIn = appointmentRecord(yearly, envelope('appointment.checked-in', { ...ref, checkedInBy: 'user-1', checkedInAt: '2026-12-10T14:20:00.000Z' }))!;
    expect(Object.keys(checkedIn.record).sort()).toEqual(['appointment', 'id', 'patient', 'siteId', 'type', 'version', 'year']);
    expect(appointmentRecord(research, envelope('appointment.something-new', ref))).toBeNull();
  });
});

describe('message records', () => {
  const ref = { messageId: 'rem_abc', kind: 'appointment-reminder', appointmentId: 'appt-123', patientId: 'pat-456', scheduledFor: '2026-12-09T14:30:00.000Z' };

  it('carries kind, channel and outcome of a message, and the answer to it, joined by the message pseudonym', () => {
    const sent = messageRecord(research, envelope('notification.sent', { ...ref, channel: 'sms', sentAt: '2026-12-09T14:30:02.000Z' }, { source: 'notification' }))!;
    expect(sent.topic).toBe('clinic.analytics.research.message.v1');
    expect(sent.record).toMatchObject({ type: 'message.sent', kind: 'appointment-reminder', channel: 'sms', week: '2026-W50', siteId: 'site-downtown', message: pseudonym(research, 'm', 'rem_abc'), appointment: pseudonym(research, 'a', 'appt-123') });
    const failed = messageRecord(research, envelope('notification.failed', { ...ref, channel: 'email', error: 'SMTP 550 mailbox unavailable for jane@example.com', attempts: 3 }))!;
    expect(failed.record).toMatchObject({ type: 'message.failed', channel: 'email', attempts: 3 });
    expect(JSON.stringify(failed)).not.toContain('example.com');
    const skipped = messageRecord(research, envelope('notification.skipped', { ...ref, reason: 'no usable channel' }))!;
    expect(skipped.record).toMatchObject({ type: 'message.skipped' });
    expect(skipped.record).not.toHaveProperty('channel');
    const answer = messageRecord(research, envelope('patient-response.received', { responseId: 'resp-1', appointmentId: 'appt-123', patientId: 'pat-456', siteId: 'site-downtown', action: 'confirm', via: 'link', messageId: 'rem_abc', receivedAt: '2026-12-09T15:00:00.000Z' }))!;
    expect(answer.record).toMatchObject({ type: 'message.answered', action: 'confirm', via: 'link', message: pseudonym(research, 'm', 'rem_abc') });
    expect(JSON.stringify(answer)).not.toContain('resp-1');
  });
});

describe('eligibility records', () => {
  it("carries the payer's answer for the date of service's period, never member ids or payer text", () => {
    const checked = envelope(
      'eligibility.checked',
      { checkId: 'elig-1', coverageId: 'cov-1', patientId: 'pat-456', payerId: 'payer-aetna-ppo', dateOfService: '2026-12-10', status: 'needs-attention', reason: 'AAA-72', trigger: 'booking', appointmentId: 'appt-123', siteId: 'site-downtown', order: 'primary' },
      { source: 'insurance' },
    );
    const out = eligibilityRecord(research, checked)!;
    expect(out.topic).toBe('clinic.analytics.research.eligibility.v1');
    expect(out.key).toBe(pseudonym(research, 'p', 'pat-456'));
    expect(out.record).toEqual({
      id: derivedRecordId(research, checked.id),
      type: 'eligibility.checked',
      version: 1,
      year: 2026,
      week: '2026-W50',
      siteId: 'site-downtown',
      patient: pseudonym(research, 'p', 'pat-456'),
      appointment: pseudonym(research, 'a', 'appt-123'),
      payerId: 'payer-aetna-ppo',
      status: 'needs-attention',
      reason: 'AAA-72',
      trigger: 'booking',
      order: 'primary',
    });
    const withText = eligibilityRecord(research, envelope('eligibility.checked', { ...checked.data, reason: 'Subscriber JOHN SMITH not found' }))!;
    expect(withText.record).not.toHaveProperty('reason');
    for (const value of ['elig-1', 'cov-1', 'pat-456', 'appt-123', '2026-12-10']) expect([value, JSON.stringify(out).includes(value)]).toEqual([value, false]);
    expect(eligibilityRecord(research, envelope('eligibility.changed', checked.data))).toBeNull();
  });
});

describe('claim records', () => {
  const claim = {
    claimId: 'clm-123',
    patientId: 'pat-456',
    siteId: 'site-downtown',
    encounterId: 'enc-1',
    payerId: 'payer-aetna-ppo',
    order: 'primary',
    frequency: '1',
    totalChargeCents: 25000,
    interchangeControlNumber: '000000417',
    transactionControlNumber: '0001',
    payerClaimControlNumber: 'PCN-77-31',
    submittedAt: '2026-12-02T15:04:05.000Z',
    changedBy: 'user-1',
  };
  const claimEvent = (type: string, data: Record<string, unknown>) => envelope(type, { ...claim, ...data }, { source: 'billing', subject: 'pat-456' });

  it('carries a paid claim with its payer, amounts, CARC / RARC codes and days to payment, never ids, control numbers or full dates', () => {
    const paid = claimEvent('claim.adjudicated', {
      status: 'partially-paid',
      paidCents: 18000,
      patientResponsibilityCents: 2000,
      deniedCents: 5000,
      paymentDate: '2026-12-16',
      adjustmentReasons: ['CO-45', 'PR-1'],
      remarkCodes: ['N130'],
    });
    const out = claimRecord(quality, paid)!;
    expect(out.topic).toBe('clinic.analytics.quality.claim.v1');
    expect(out.key).toBe(pseudonym(quality, 'c', 'clm-123'));
    expect(new Date(out.timestamp).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(out.record).toEqual({
      id: derivedRecordId(quality, paid.id),
      type: 'claim.paid',
      partial: true,
      version: 1,
      year: 2026,
      month: '2026-12',
      siteId: 'site-downtown',
      patient: pseudonym(quality, 'p', 'pat-456'),
      claim: pseudonym(quality, 'c', 'clm-123'),
      payerId: 'payer-aetna-ppo',
      order: 'primary',
      frequency: '1',
      chargeCents: 25000,
      paidCents: 18000,
      patientResponsibilityCents: 2000,
      deniedCents: 5000,
      adjustmentReasons: ['CO-45', 'PR-1'],
      remarkCodes: ['N130'],
      daysToPayment: 14,
    });
    const text = JSON.stringify(out);
    for (const value of ['clm-123', 'pat-456', 'enc-1', '000000417', 'PCN-77-31', 'user-1', 'corr-987', paid.id, '2026-12-16', '2026-12-02']) {
      expect([value, text.includes(value)]).toEqual([value, false]);
    }
    // The payment's period, not the event's: a week consumer sees the week of the payment date.
    expect(claimRecord(research, paid)!.record).toMatchObject({ week: '2026-W51', daysToPayment: 14 });
  });

  it('carries submission, acceptance, rejection (999 or 277CA), denial and reversal; nothing for what analytics does not carry', () => {
    expect(claimRecord(research, claimEvent('claim.submitted', { status: 'submitted' }))!.record).toMatchObject({ type: 'claim.submitted', week: '2026-W49', chargeCents: 25000 });
    const rejected999 = claimRecord(research, claimEvent('claim.submitted', { status: 'rejected', reason: '999 rejected the transaction for JOHN SMITH' }))!;
    expect(rejected999.record).toMatchObject({ type: 'claim.rejected', rejectedBy: '999' });
    expect(JSON.stringify(rejected999)).not.toContain('SMITH');
    expect(claimRecord(research, claimEvent('claim.acknowledged', { status: 'accepted' }))!.record).toMatchObject({ type: 'claim.accepted' });
    expect(claimRecord(research, claimEvent('claim.acknowledged', { status: 'rejected' }))!.record).toMatchObject({ type: 'claim.rejected', rejectedBy: '277CA' });
    const denied = claimRecord(research, claimEvent('claim.adjudicated', { status: 'denied', paidCents: 0, patientResponsibilityCents: 0, deniedCents: 25000, paymentDate: '2026-12-09', adjustmentReasons: ['CO-197'] }))!;
    expect(denied.record).toMatchObject({ type: 'claim.denied', deniedCents: 25000, adjustmentReasons: ['CO-197'], daysToPayment: 7 });
    expect(denied.record).not.toHaveProperty('partial');
    const reversed = claimRecord(research, claimEvent('claim.adjudicated', { status: 'reversed', paidCents: -18000, paymentDate: '2026-12-20' }))!;
    expect(reversed.record).toMatchObject({ type: 'claim.reversed', paidCents: -18000, daysToPayment: 18 });
    // Before billing carried the submission time and payment date: no days, the event's own period.
    const { submittedAt: _s, ...older } = claim;
    expect(claimRecord(research, envelope('claim.adjudicated', { ...older, status: 'paid', paidCents: 25000 }))!.record).not.toHaveProperty('daysToPayment');
    expect(claimRecord(research, claimEvent('claim.created', { status: 'ready-to-submit' }))).toBeNull();
    expect(claimRecord(research, claimEvent('claim.denial-worked', { denialId: 'den-1', outcome: 'appealed' }))).toBeNull();
    expect(claimRecord(research, claimEvent('claim.adjudicated', { status: 'submitted' }))).toBeNull();
  });
});
