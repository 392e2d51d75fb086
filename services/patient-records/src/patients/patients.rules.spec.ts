import { applyContactChange, ContactState, contactProblems, formatMrn, isValidDateOfBirth, sameContact } from './patients.rules';

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

describe('contact changes', () => {
  const current: ContactState = { phone: '+15550001111', email: 'a@b.example', preferredChannel: 'email', language: 'en', optedOutChannels: [] };

  it('keeps absent fields, clears null ones and normalises the rest', () => {
    const next = applyContactChange(current, { phone: null, email: 'New@B.Example', language: 'es', optedOutChannels: ['sms', 'sms'] });
    expect(next).toEqual({ phone: undefined, email: 'new@b.example', preferredChannel: 'email', language: 'es', optedOutChannels: ['sms'] });
  });

  it('refuses a preferred channel without its address', () => {
    expect(contactProblems(applyContactChange(current, { preferredChannel: 'sms', phone: null }))).toEqual([
      { field: 'phone', messages: ['phone is required when preferredChannel is sms'] },
    ]);
    expect(contactProblems(applyContactChange(current, { email: null }))[0].field).toBe('email');
    expect(contactProblems(applyContactChange(current, { optedOutChannels: ['email', 'sms'] }))).toEqual([]);
  });

  it('recognises a change that changes nothing', () => {
    expect(sameContact(current, applyContactChange(current, { email: 'A@B.example' }))).toBe(true);
    expect(sameContact(current, applyContactChange(current, { optedOutChannels: ['sms'] }))).toBe(false);
  });
});
