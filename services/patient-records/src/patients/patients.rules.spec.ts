import { applyDemographicsChange, changedFields, Demographics, formatMrn, isValidDateOfBirth } from './patients.rules';

describe('patient rules', () => {
  it('formats medical record numbers with eight digits', () => {
    expect(formatMrn(42)).toBe('MRN-00000042');
    expect(formatMrn(123456789)).toBe('MRN-123456789');
  });

  it('accepts real past dates of birth only', () => {
    const today = new Date('2026-11-23T12:00:00Z');
    expect(isValidDateOfBirth('1984-03-12', today)).toBe(true);
    expect(isValidDateOfBirth('2026-11-23', today)).toBe(true);
    expect(isValidDateOfBirth('2026-11-24', today)).toBe(false);
    expect(isValidDateOfBirth('2023-02-29', today)).toBe(false);
    expect(isValidDateOfBirth('1850-01-01', today)).toBe(false);
  });
});

describe('demographics changes', () => {
  const today = new Date('2026-11-23T12:00:00Z');
  const current: Demographics = {
    firstName: 'Maria',
    lastName: 'Lopez',
    dateOfBirth: '1984-03-12',
    phone: '+15550001111',
    email: 'a@b.example',
    preferredChannel: 'email',
    language: 'en',
    optedOutChannels: [],
  };

  it('keeps absent fields, clears null ones and normalises the rest', () => {
    const { next, problems } = applyDemographicsChange(current, { phone: null, email: 'New@B.Example', language: 'es', optedOutChannels: ['sms', 'sms'] }, today);
    expect(problems).toEqual([]);
    expect(next).toEqual({ ...current, phone: undefined, email: 'new@b.example', language: 'es', optedOutChannels: ['sms'] });
    expect('phone' in next).toBe(false);
  });

  it('stores every common US phone format as E.164, and refuses what is not a phone', () => {
    for (const typed of ['(555) 012-3456', '555.012.3456', '555-012-3456', '5550123456', '1-555-012-3456', '+1 555 012 3456']) {
      expect(applyDemographicsChange(current, { phone: typed }, today).next.phone).toBe('+15550123456');
    }
    expect(applyDemographicsChange(current, { homePhone: '+44 20 7946 0958' }, today).next.homePhone).toBe('+442079460958');
    expect(applyDemographicsChange(current, { phone: '012-3456' }, today).problems).toEqual([{ field: 'phone', messages: [expect.stringContaining('phone number')] }]);
    expect(applyDemographicsChange(current, { phone: '(155) 012-3456' }, today).problems[0].field).toBe('phone');
  });

  it('refuses a date of birth in the future or not on the calendar, and clearing a name', () => {
    expect(applyDemographicsChange(current, { dateOfBirth: '2026-11-24' }, today).problems).toEqual([{ field: 'dateOfBirth', messages: ['dateOfBirth must be a real date, not in the future'] }]);
    expect(applyDemographicsChange(current, { dateOfBirth: '1985-02-29' }, today).problems[0].field).toBe('dateOfBirth');
    expect(applyDemographicsChange(current, { lastName: null }, today).problems).toEqual([{ field: 'lastName', messages: ['lastName cannot be removed'] }]);
    expect(applyDemographicsChange(current, { firstName: '   ' }, today).problems[0].field).toBe('firstName');
  });

  it('trims names and keeps accents as written', () => {
    expect(applyDemographicsChange(current, { firstName: '  José  Luis ', lastName: 'Núñez' }, today).next).toMatchObject({ firstName: 'José Luis', lastName: 'Núñez' });
  });

  it('checks a US address: every line, a state code and a ZIP code', () => {
    const ok = applyDemographicsChange(current, { address: { line1: '12 Main St', city: 'New York', state: 'ny', postalCode: '10001-1234' } }, today);
    expect(ok.problems).toEqual([]);
    expect(ok.next.address).toEqual({ line1: '12 Main St', city: 'New York', state: 'NY', postalCode: '10001-1234', country: 'US' });
    const bad = applyDemographicsChange(current, { address: { line1: '', city: 'New York', state: 'XX', postalCode: '1000' } }, today);
    expect(bad.problems.map((p) => p.field)).toEqual(['address.line1', 'address.state', 'address.postalCode']);
    const abroad = applyDemographicsChange(current, { address: { line1: '1 Rue de Rivoli', city: 'Paris', state: 'Île-de-France', postalCode: '75001', country: 'FR' } }, today);
    expect(abroad.problems).toEqual([]);
  });

  it('stores a self guarantor as none, and needs the whole responsible party', () => {
    expect(applyDemographicsChange(current, { guarantor: { kind: 'self' } }, today).next.guarantor).toBeUndefined();
    const partial = applyDemographicsChange(current, { guarantor: { kind: 'responsible-party', firstName: 'Wei', lastName: 'Chen' } }, today);
    expect(partial.problems.map((p) => p.field)).toEqual(['guarantor.relationship', 'guarantor.dateOfBirth', 'guarantor.phone', 'guarantor.address']);
    const full = applyDemographicsChange(
      current,
      {
        guarantor: {
          kind: 'responsible-party',
          relationship: 'parent',
          firstName: 'Wei',
          lastName: 'Chen',
          dateOfBirth: '1983-08-17',
          phone: '(212) 555-0121',
          email: 'Wei@Example.com',
          address: { line1: '77 Mott St', city: 'New York', state: 'NY', postalCode: '10013' },
        },
      },
      today,
    );
    expect(full.problems).toEqual([]);
    expect(full.next.guarantor).toMatchObject({ phone: '+12125550121', email: 'wei@example.com', address: { country: 'US' } });
  });

  it('normalises the emergency contact phone', () => {
    const { next, problems } = applyDemographicsChange(current, { emergencyContact: { name: 'Carmen', relationship: 'spouse', phone: '212.555.0171' } }, today);
    expect(problems).toEqual([]);
    expect(next.emergencyContact).toEqual({ name: 'Carmen', relationship: 'spouse', phone: '+12125550171' });
  });

  it('refuses a preferred channel without its address', () => {
    expect(applyDemographicsChange(current, { preferredChannel: 'sms', phone: null }, today).problems).toEqual([
      { field: 'phone', messages: ['phone is required when preferredChannel is sms'] },
    ]);
    expect(applyDemographicsChange(current, { email: null }, today).problems[0].field).toBe('email');
    expect(applyDemographicsChange(current, { optedOutChannels: ['email', 'sms'] }, today).problems).toEqual([]);
  });

  it('names what changed, and nothing when nothing did', () => {
    const same = applyDemographicsChange(current, { email: 'A@B.example', phone: '(555) 000-1111' }, today).next;
    expect(changedFields(current, same)).toEqual([]);
    const renamed = applyDemographicsChange(current, { lastName: 'Lopez-Garcia', optedOutChannels: ['sms'], address: { line1: '1 A St', city: 'X', state: 'NY', postalCode: '10001' } }, today).next;
    expect(changedFields(current, renamed)).toEqual(['lastName', 'address', 'optedOutChannels']);
    const withAddress = { ...current, address: { line1: '1 A St', city: 'X', state: 'NY', postalCode: '10001', country: 'US' } };
    const sameAddress = applyDemographicsChange(withAddress, { address: { postalCode: '10001', state: 'NY', city: 'X', line1: '1 A St' } }, today).next;
    expect(changedFields(withAddress, sameAddress)).toEqual([]);
  });
});
