import { formatMrn, isValidDateOfBirth } from './patients.rules';

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
