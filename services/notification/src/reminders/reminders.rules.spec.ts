import { chooseChannel, planReminders, reminderId, renderReminder } from './reminders.rules';

describe('planReminders', () => {
  const start = new Date('2026-12-03T15:00:00Z');

  it('plans one reminder per offset before the start, earliest first', () => {
    const plan = planReminders('a1', start, ['PT2H', 'P2D'], new Date('2026-11-30T00:00:00Z'));
    expect(plan.map((r) => [r.offset, r.scheduledFor.toISOString()])).toEqual([
      ['P2D', '2026-12-01T15:00:00.000Z'],
      ['PT2H', '2026-12-03T13:00:00.000Z'],
    ]);
  });

  it('skips reminders whose time has passed', () => {
    const plan = planReminders('a1', start, ['P2D', 'PT2H'], new Date('2026-12-02T00:00:00Z'));
    expect(plan.map((r) => r.offset)).toEqual(['PT2H']);
  });

  it('gives the same ids to the same appointment and offset (duplicate events plan nothing new)', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    expect(planReminders('a1', start, ['P2D'], now)[0].id).toBe(reminderId('a1', 'P2D'));
    expect(reminderId('a1', 'P2D')).not.toContain(':');
  });
});

describe('chooseChannel', () => {
  it('uses the preferred channel when the patient can be reached on it', () => {
    expect(chooseChannel({ preferredChannel: 'sms', phone: '+15550001111', email: 'a@b.c' })).toEqual({ channel: 'sms', address: '+15550001111' });
  });

  it('falls back to the other channel, or none', () => {
    expect(chooseChannel({ preferredChannel: 'sms', email: 'a@b.c' })).toEqual({ channel: 'email', address: 'a@b.c' });
    expect(chooseChannel({ preferredChannel: 'email' })).toBeNull();
  });
});

describe('renderReminder', () => {
  it("says who, where and when in the site's time zone", () => {
    const { subject, text } = renderReminder(
      { patientFirstName: 'Maria', providerName: 'Dr. Ana Ruiz', siteName: 'Downtown Family Clinic', siteTimeZone: 'America/New_York', start: new Date('2026-12-03T15:00:00Z') },
      'email',
    );
    expect(subject).toContain('Thursday, December 3 at 10:00 AM EST');
    expect(text).toContain('Dr. Ana Ruiz');
    expect(text).toContain('Downtown Family Clinic');
  });
});
