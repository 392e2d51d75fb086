import { assertStep, awaitingOf, chaseDueAt, parseChaseAfter } from './referrals.rules';

const at = (iso: string) => new Date(iso);

describe('referral chase settings', () => {
  it('takes one duration for every step', () => {
    expect(parseChaseAfter('PT20S')).toEqual({ created: 20_000, sent: 20_000, 'appointment-known': 20_000, 'report-received': 20_000 });
  });

  it('takes per-step overrides after the default', () => {
    const days = 24 * 3600_000;
    expect(parseChaseAfter('P14D, sent=P10D,appointment-known=P30D')).toEqual({ created: 14 * days, sent: 10 * days, 'appointment-known': 30 * days, 'report-received': 14 * days });
  });

  it.each(['', 'sent=P1D', 'soon', 'P14D,closed=P1D', 'P14D,sent', 'PT0S'])('refuses %p', (value) => {
    expect(() => parseChaseAfter(value)).toThrow();
  });
});

describe('referral steps', () => {
  it('go forward, skipping allowed', () => {
    expect(() => assertStep('created', 'sent')).not.toThrow();
    expect(() => assertStep('created', 'appointment-known')).not.toThrow();
    expect(() => assertStep('report-received', 'closed')).not.toThrow();
  });

  it('never go back, and an ended referral takes none', () => {
    expect(() => assertStep('appointment-known', 'sent')).toThrow(expect.objectContaining({ code: 'REFERRAL.STEP_OUT_OF_ORDER' }));
    expect(() => assertStep('sent', 'sent')).toThrow(expect.objectContaining({ code: 'REFERRAL.STEP_OUT_OF_ORDER' }));
    expect(() => assertStep('closed', 'cancelled')).toThrow(expect.objectContaining({ code: 'REFERRAL.CLOSED' }));
    expect(() => assertStep('cancelled', 'sent')).toThrow(expect.objectContaining({ code: 'REFERRAL.CLOSED' }));
    expect(() => assertStep('sent', 'created')).toThrow(expect.objectContaining({ code: 'REFERRAL.STEP_INVALID' }));
  });

  it('let a moved specialist appointment be recorded again, and cancel any open one', () => {
    expect(() => assertStep('appointment-known', 'appointment-known')).not.toThrow();
    expect(() => assertStep('created', 'cancelled')).not.toThrow();
    expect(() => assertStep('report-received', 'cancelled')).not.toThrow();
  });
});

describe('referral chase', () => {
  const chase = parseChaseAfter('P7D,appointment-known=P3D');

  it('is due the step waiting time after the step', () => {
    expect(chaseDueAt({ status: 'sent', stepAt: at('2026-12-01T10:00:00Z') }, chase)).toEqual(at('2026-12-08T10:00:00Z'));
  });

  it('waits for the report from the specialist appointment when that is later', () => {
    const stepAt = at('2026-12-01T10:00:00Z');
    expect(chaseDueAt({ status: 'appointment-known', stepAt, appointmentAt: at('2026-12-20T15:00:00Z') }, chase)).toEqual(at('2026-12-23T15:00:00Z'));
    expect(chaseDueAt({ status: 'appointment-known', stepAt, appointmentAt: at('2026-11-20T15:00:00Z') }, chase)).toEqual(at('2026-12-04T10:00:00Z'));
  });

  it('is never due for an ended referral', () => {
    expect(chaseDueAt({ status: 'closed', stepAt: at('2026-12-01T10:00:00Z') }, chase)).toBeNull();
    expect(chaseDueAt({ status: 'cancelled', stepAt: at('2026-12-01T10:00:00Z') }, chase)).toBeNull();
  });

  it('reminds the patient only of what the patient can do', () => {
    expect(awaitingOf('created')).toEqual({ awaiting: 'letter', remindPatient: false });
    expect(awaitingOf('sent')).toEqual({ awaiting: 'appointment', remindPatient: true });
    expect(awaitingOf('appointment-known')).toEqual({ awaiting: 'report', remindPatient: true });
    expect(awaitingOf('report-received')).toEqual({ awaiting: 'review', remindPatient: false });
    expect(awaitingOf('closed')).toBeNull();
  });
});
