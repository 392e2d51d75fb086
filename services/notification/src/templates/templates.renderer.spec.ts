import { MESSAGE_KINDS } from '@clinic-flow/contracts';
import { formatWhen, renderMessage, renderReply } from './templates.renderer';

const context = {
  firstName: 'Maria',
  providerName: 'Dr. Ana Ruiz',
  siteName: 'Downtown Family Clinic',
  siteTimeZone: 'America/New_York',
  start: new Date('2026-12-03T15:00:00Z'),
  typeName: 'Annual physical',
  confirmUrl: 'http://gw/api/v1/r/confirm-token',
  cancelUrl: 'http://gw/api/v1/r/cancel-token',
  expiresAt: new Date('2026-12-02T17:00:00Z'),
  recallDueOn: '2027-12-03',
};

describe('message templates', () => {
  it("formats times in the site's zone and the patient's language", () => {
    expect(formatWhen(context.start, context.siteTimeZone, 'en')).toBe('Thursday, December 3 at 10:00 AM EST');
    expect(formatWhen(context.start, context.siteTimeZone, 'es')).toMatch(/^jueves 3 de diciembre a las 10:00 /);
  });

  it('reminder email (en) says what, when, where and how to confirm or cancel', () => {
    const { subject, text } = renderMessage('appointment-reminder', 'en', 'email', context);
    expect(subject).toBe('Appointment reminder: Thursday, December 3 at 10:00 AM EST');
    for (const part of ['Maria', 'Annual physical', 'Dr. Ana Ruiz', 'Downtown Family Clinic', 'Thursday, December 3 at 10:00 AM EST', 'confirm', context.confirmUrl, context.cancelUrl]) expect(text).toContain(part);
  });

  it('reminder email (es) is in Spanish with the same facts and links', () => {
    const { subject, text } = renderMessage('appointment-reminder', 'es', 'email', context);
    expect(subject).toMatch(/^Recordatorio de cita: jueves 3 de diciembre/);
    for (const part of ['Hola Maria', 'Dr. Ana Ruiz', 'Downtown Family Clinic', 'confirme', 'cancele', context.confirmUrl, context.cancelUrl]) expect(text).toContain(part);
  });

  it('reminder SMS is one short line with the reply keywords, per language', () => {
    const en = renderMessage('appointment-reminder', 'en', 'sms', context).text;
    expect(en).toBe('Reminder: Maria, Dr. Ana Ruiz at Downtown Family Clinic on Thursday, December 3 at 10:00 AM EST. Reply C to confirm, X to cancel.');
    const es = renderMessage('appointment-reminder', 'es', 'sms', context).text;
    expect(es).toContain('Responda SI para confirmar, NO para cancelar.');
    expect(en.length).toBeLessThan(160);
  });

  it('a confirmed appointment is not asked to confirm again', () => {
    const { text } = renderMessage('appointment-reminder', 'en', 'email', { ...context, confirmed: true });
    expect(text).toContain('Your appointment is confirmed');
    expect(text).not.toContain(context.confirmUrl);
    expect(text).toContain(context.cancelUrl);
    expect(renderMessage('appointment-reminder', 'en', 'sms', { ...context, confirmed: true }).text).not.toContain('C to confirm');
  });

  it('a waitlist offer carries its take-it link by email and SMS, and says to call when there is none', () => {
    const acceptUrl = 'http://gw/api/v1/r/accept-token';
    for (const lang of ['en', 'es'] as const) {
      for (const channel of ['email', 'sms'] as const) {
        expect(renderMessage('waitlist-offer', lang, channel, { ...context, acceptUrl }).text).toContain(acceptUrl);
        expect(renderMessage('waitlist-offer', lang, channel, context).text).toMatch(/call the clinic|llame a la clínica/);
      }
    }
  });

  /** Messages about an appointment; correspondence (letters, referral reminders) is tested on its own below. */
  const APPOINTMENT_KINDS = MESSAGE_KINDS.filter((k) => k !== 'letter-issued' && k !== 'referral-reminder' && k !== 'break-glass-notice' && k !== 'statement-ready');

  it('a break-the-glass notice names who, the record by id and MRN, the reason and until when; never the patient', () => {
    const { subject, text } = renderMessage('break-glass-notice', 'en', 'email', {
      ...context,
      firstName: '',
      staffName: 'Lena Novak (medical-assistant)',
      patientId: 'p-123',
      mrn: 'MRN-00000042',
      reason: 'Patient collapsed in the Riverside waiting room',
      until: new Date(context.start.getTime() + 60 * 60_000),
    });
    expect(subject).toContain('MRN-00000042');
    expect(text).toContain('Lena Novak (medical-assistant)');
    expect(text).toContain('p-123');
    expect(text).toContain('Patient collapsed in the Riverside waiting room');
    expect(text).toMatch(/until .*December 3/);
    expect(text).not.toContain('Maria');
    expect(text).not.toMatch(/\{\{|undefined/);
  });

  it.each(APPOINTMENT_KINDS.flatMap((kind) => (['en', 'es'] as const).flatMap((lang) => (['email', 'sms'] as const).map((channel) => [kind, lang, channel] as const))))(
    '%s in %s by %s names the provider, the site and the time, and what to do',
    (kind, lang, channel) => {
      const { subject, text } = renderMessage(kind, lang, channel, context);
      expect(subject.length).toBeGreaterThan(5);
      expect(text).toContain('Maria');
      expect(text).toContain('Downtown Family Clinic');
      if (kind !== 'recall-reminder' || channel === 'email') expect(text).toContain('Dr. Ana Ruiz');
      expect(text).toMatch(kind === 'recall-reminder' ? /(December 3, 2027|3 de diciembre de 2027)/ : /(December 3|3 de diciembre)/);
      expect(text).toMatch(/(confirm|cancel|call the clinic|reply|llame a la clínica|responda)/i);
      expect(text).not.toMatch(/\{\{|undefined/);
    },
  );

  it.each(['en', 'es'] as const)('a letter message (%s) carries its download link and the site, never the letter', (lang) => {
    const documentUrl = 'http://gw/api/v1/d/letter-token';
    for (const channel of ['email', 'sms'] as const) {
      const { subject, text } = renderMessage('letter-issued', lang, channel, { ...context, documentUrl });
      expect(subject).toContain('Downtown Family Clinic');
      for (const part of ['Maria', 'Downtown Family Clinic', documentUrl]) expect(text).toContain(part);
      expect(text).not.toMatch(/\{\{|undefined|Dr\. Ana Ruiz/);
    }
  });

  it.each(['en', 'es'] as const)('a referral reminder (%s) asks about the specialist appointment, or the report, without clinical detail', (lang) => {
    for (const channel of ['email', 'sms'] as const) {
      const booking = renderMessage('referral-reminder', lang, channel, { ...context, awaitingReport: false }).text;
      expect(booking).toMatch(lang === 'en' ? /have you booked your specialist appointment\?/i : /¿ya reservó su cita con el especialista\?/i);
      const report = renderMessage('referral-reminder', lang, channel, { ...context, awaitingReport: true }).text;
      expect(report).toMatch(lang === 'en' ? /report/ : /informe/);
      for (const text of [booking, report]) {
        expect(text).toContain('Maria');
        expect(text).toContain('Downtown Family Clinic');
        expect(text).not.toMatch(/\{\{|undefined/);
      }
    }
  });

  it.each(['en', 'es'] as const)('a statement message (%s) says it is ready and by when to pay, with the dunning wording, never an amount', (lang) => {
    for (const channel of ['email', 'sms'] as const) {
      const plain = renderMessage('statement-ready', lang, channel, { ...context, dueOn: '2026-12-31', dunningLevel: 'statement' });
      expect(plain.text).toMatch(lang === 'en' ? /December 31, 2026/ : /31 de diciembre de 2026/);
      for (const part of ['Maria', 'Downtown Family Clinic']) expect(plain.text).toContain(part);
      expect(plain.text).not.toMatch(/\{\{|undefined|\$|Dr\. Ana Ruiz/);
      const reminder = renderMessage('statement-ready', lang, channel, { ...context, dueOn: '2026-12-31', dunningLevel: 'reminder' });
      expect(`${reminder.subject} ${reminder.text}`).toMatch(lang === 'en' ? /reminder/i : /recordatorio/i);
      const final = renderMessage('statement-ready', lang, channel, { ...context, dueOn: '2026-12-31', dunningLevel: 'final-notice' });
      expect(`${final.subject} ${final.text}`).toMatch(lang === 'en' ? /final notice/i : /último aviso/i);
    }
  });

  it('does not HTML-escape plain text', () => {
    expect(renderMessage('appointment-reminder', 'en', 'email', { ...context, siteName: 'Smith & Sons Clinic' }).text).toContain('Smith & Sons Clinic');
  });

  it('answers SMS replies in the patient language', () => {
    expect(renderReply('confirmed', 'en', { firstName: 'Maria', start: context.start, siteTimeZone: context.siteTimeZone })).toBe(
      'Thank you, Maria: your appointment on Thursday, December 3 at 10:00 AM EST is being confirmed.',
    );
    expect(renderReply('unknownKeyword', 'es')).toContain('Responda SI');
  });
});
