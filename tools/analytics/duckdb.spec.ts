const { analyze } = require('./duckdb.js') as {
  analyze(records: Record<string, object[]>, options?: { type?: string; payer?: string }): Promise<{ loaded: Record<string, number>; noShowRate: object[]; reminderRates: object[]; claims: object[] }>;
};

let offset = 0;
const at = (record: object) => ({ ...record, _partition: 0, _offset: offset++ });
let ids = 0;
const appt = (appointment: string, type: string, extra: object = {}) => at({ id: `id-${ids++}`, version: 1, year: 2026, week: '2026-W49', siteId: 'site-downtown', appointment, type, ...extra });
const booked = (appointment: string, typeId: string, week = '2026-W49') => appt(appointment, 'appointment.booked', { appointmentTypeId: typeId, appointmentTypeName: `Type ${typeId}`, week });
const msg = (message: string, type: string, extra: object = {}) => at({ id: `id-${ids++}`, version: 1, year: 2026, week: '2026-W49', siteId: 'site-downtown', message, type, ...extra });

/** The two reports' SQL over records made by hand, in DuckDB itself. */
describe('analytics:duckdb reports', () => {
  const noShowTwice = appt('a2', 'appointment.no-show');
  const records = {
    appointment: [
      booked('a1', 'T'), appt('a1', 'appointment.checked-in'), appt('a1', 'appointment.completed'),
      booked('a2', 'T'), noShowTwice, { ...noShowTwice, _offset: offset++ },
      booked('a3', 'T'), appt('a3', 'appointment.cancelled', { party: 'patient' }),
      booked('a4', 'T'), appt('a4', 'appointment.rescheduled', { week: '2026-W50' }), appt('a4', 'appointment.checked-in', { week: '2026-W50' }),
      booked('a5', 'T'),
      booked('a6', 'U'), appt('a6', 'appointment.no-show'),
    ],
    message: [
      msg('m1', 'message.sent', { kind: 'appointment-reminder', channel: 'email', appointment: 'a1' }), msg('m1', 'message.answered', { action: 'confirm', via: 'link', appointment: 'a1' }),
      msg('m2', 'message.sent', { kind: 'appointment-reminder', channel: 'sms', appointment: 'a2' }),
      msg('m3', 'message.failed', { kind: 'appointment-reminder', channel: 'sms', appointment: 'a3', attempts: 3 }),
      msg('m4', 'message.skipped', { kind: 'appointment-reminder', appointment: 'a5' }),
      msg('m5', 'message.sent', { kind: 'post-visit-follow-up', channel: 'email', appointment: 'a1' }),
      msg('m6', 'message.sent', { kind: 'appointment-reminder', channel: 'email', appointment: 'a6' }),
    ],
  };

  it('gives the no-show rate by site, type and week, and reminder delivery and confirmation by channel, for one type', async () => {
    const result = await analyze(records, { type: 'T' });
    // 14 appointment records, one of them twice (a replay): 13 rows.
    expect(result.loaded).toEqual({ appointment: 13, message: 7, eligibility: 0, claim: 0 });
    expect(result.noShowRate).toEqual([
      { site_id: 'site-downtown', appointment_type_id: 'T', appointment_type: 'Type T', period: '2026-W49', appointments: 4, cancelled: 1, no_shows: 1, attended: 1, no_show_rate: 0.5 },
      { site_id: 'site-downtown', appointment_type_id: 'T', appointment_type: 'Type T', period: '2026-W50', appointments: 1, cancelled: 0, no_shows: 0, attended: 1, no_show_rate: 0 },
    ]);
    expect(result.reminderRates).toEqual([
      { channel: 'email', reminders: 1, sent: 1, failed: 0, skipped: 0, confirmed: 1, delivery_rate: 1, confirmation_rate: 1 },
      { channel: 'none', reminders: 1, sent: 0, failed: 0, skipped: 1, confirmed: 0, delivery_rate: null, confirmation_rate: null },
      { channel: 'sms', reminders: 2, sent: 1, failed: 1, skipped: 0, confirmed: 0, delivery_rate: 0.5, confirmation_rate: 0 },
    ]);
  });

  it('covers every type without a filter', async () => {
    const result = await analyze(records);
    expect(result.noShowRate).toHaveLength(3);
    expect(result.noShowRate[2]).toMatchObject({ appointment_type_id: 'U', no_shows: 1, no_show_rate: 1 });
    expect(result.reminderRates.find((r) => (r as { channel: string }).channel === 'email')).toMatchObject({ reminders: 2, sent: 2, confirmed: 1, confirmation_rate: 0.5 });
  });
});

describe('analytics:duckdb claims report', () => {
  const claim = (claimId: string, type: string, payerId: string, month: string, extra: object = {}) =>
    at({ id: `id-${ids++}`, version: 1, year: 2026, month, siteId: 'site-downtown', claim: claimId, payerId, order: 'primary', frequency: '1', chargeCents: 15000, type, ...extra });
  const paidTwice = claim('c1', 'claim.paid', 'payer-a', '2026-12', { paidCents: 8500, deniedCents: 0, daysToPayment: 14, adjustmentReasons: ['CO-45', 'PR-3'], partial: false });
  const records = {
    claim: [
      claim('c1', 'claim.submitted', 'payer-a', '2026-12'), claim('c1', 'claim.accepted', 'payer-a', '2026-12'), paidTwice, { ...paidTwice, _offset: offset++ },
      claim('c2', 'claim.submitted', 'payer-a', '2026-12'), claim('c2', 'claim.denied', 'payer-a', '2026-12', { paidCents: 0, deniedCents: 15000, daysToPayment: 7, adjustmentReasons: ['CO-197'], remarkCodes: ['N54'] }),
      claim('c3', 'claim.paid', 'payer-a', '2026-12', { paidCents: 5000, deniedCents: 5000, daysToPayment: 20, partial: true, adjustmentReasons: ['CO-18'] }),
      claim('c4', 'claim.denied', 'payer-a', '2026-12', { paidCents: 0, deniedCents: 15000, daysToPayment: 9, adjustmentReasons: ['CO-15'] }),
      // Denied, then reversed once its replacement (a claim of its own, c5) was paid: counted as denied.
      claim('c4', 'claim.reversed', 'payer-a', '2026-12', { paidCents: 0, daysToPayment: 30 }),
      claim('c5', 'claim.paid', 'payer-a', '2026-12', { paidCents: 8500, deniedCents: 0, daysToPayment: 2 }),
      claim('c6', 'claim.submitted', 'payer-a', '2026-12'),
      claim('c7', 'claim.rejected', 'payer-a', '2026-12', { rejectedBy: '277CA' }),
      claim('c8', 'claim.paid', 'payer-a', '2026-11', { paidCents: 3000, deniedCents: 0, daysToPayment: 30 }),
      claim('c9', 'claim.denied', 'payer-b', '2026-12', { paidCents: 0, deniedCents: 15000, daysToPayment: 5, adjustmentReasons: ['CO-29'] }),
    ],
  };

  it('gives the denial rate and days to payment by payer and month, each claim once by its first outcome', async () => {
    const result = await analyze(records);
    expect(result.loaded).toMatchObject({ claim: 13 });
    expect(result.claims).toEqual([
      { payer_id: 'payer-a', period: '2026-11', adjudicated: 1, paid: 1, denied: 0, denial_rate: 0, avg_days_to_payment: 30, max_days_to_payment: 30, paid_cents: 3000, denied_cents: 0, denial_reasons: [] },
      { payer_id: 'payer-a', period: '2026-12', adjudicated: 5, paid: 3, denied: 2, denial_rate: 0.4, avg_days_to_payment: 12, max_days_to_payment: 20, paid_cents: 22000, denied_cents: 35000, denial_reasons: ['CO-15', 'CO-197'] },
      { payer_id: 'payer-b', period: '2026-12', adjudicated: 1, paid: 0, denied: 1, denial_rate: 1, avg_days_to_payment: null, max_days_to_payment: null, paid_cents: 0, denied_cents: 15000, denial_reasons: ['CO-29'] },
    ]);
    expect((await analyze(records, { payer: 'payer-b' })).claims).toHaveLength(1);
  });
});
