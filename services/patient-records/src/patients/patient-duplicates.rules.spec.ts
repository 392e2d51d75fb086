import { compareDates, DuplicateSubject, matchDuplicate, nearbyDates } from './patient-duplicates.rules';

const stored: DuplicateSubject = { firstName: 'Maria', lastName: 'Garcia', dateOfBirth: '1984-03-12', phones: ['+15550123456'], email: 'maria@example.com' };
const probe = (over: Partial<DuplicateSubject> = {}): DuplicateSubject => ({ ...stored, ...over });

describe('duplicate rules', () => {
  it('scores the same person 1 with every field exact', () => {
    expect(matchDuplicate(probe(), stored)).toEqual({
      score: 1,
      reasons: [
        { field: 'lastName', how: 'exact' },
        { field: 'firstName', how: 'exact' },
        { field: 'dateOfBirth', how: 'exact' },
        { field: 'phone', how: 'same' },
        { field: 'email', how: 'same' },
      ],
      summary: 'last name exact, first name exact, date of birth exact, phone same, email same',
    });
  });

  it('says how each field matched: a typo, an accent, swapped names', () => {
    const typo = matchDuplicate(probe({ firstName: 'Mraia', phones: [], email: undefined }), stored)!;
    expect(typo.summary).toBe('last name exact, first name one typo, date of birth exact');
    expect(typo.score).toBe(0.95);
    expect(matchDuplicate(probe({ firstName: 'María', lastName: 'GARCÍA' }), stored)!.score).toBe(1);
    const swapped = matchDuplicate(probe({ firstName: 'Garcia', lastName: 'Maria' }), stored)!;
    expect(swapped.reasons.slice(0, 2)).toEqual([
      { field: 'lastName', how: 'swapped' },
      { field: 'firstName', how: 'swapped' },
    ]);
    expect(swapped.score).toBe(0.95);
    const preferred = matchDuplicate(probe({ firstName: 'Mari' }), { ...stored, preferredName: 'Mari' })!;
    expect(preferred.reasons[1]).toEqual({ field: 'firstName', how: 'preferred-name' });
    const hyphen = matchDuplicate(probe({ lastName: 'Garcia-Lopez' }), stored)!;
    expect(hyphen.reasons[0]).toEqual({ field: 'lastName', how: 'name-part' });
  });

  it('finds a date of birth typed with month and day swapped or one digit wrong', () => {
    expect(compareDates('1984-03-12', '1984-12-03')).toBe('month-day-swapped');
    expect(compareDates('1984-03-12', '1984-03-13')).toBe('one-digit');
    expect(compareDates('1984-03-12', '1948-03-12')).toBeNull();
    expect(matchDuplicate(probe({ dateOfBirth: '1984-12-03' }), stored)!.reasons[2]).toEqual({ field: 'dateOfBirth', how: 'month-day-swapped' });
    expect(nearbyDates('1984-03-12')).toEqual(expect.arrayContaining(['1984-12-03', '1984-03-13', '1985-03-12', '1984-08-12']));
    expect(nearbyDates('1984-03-12')).not.toContain('1984-03-12');
    expect(nearbyDates('1984-03-12')).not.toContain('1984-93-12');
  });

  it('counts phone and email only when both sides have one', () => {
    const noContact = matchDuplicate(probe({ phones: [], email: undefined }), stored)!;
    expect(noContact.score).toBe(1);
    const otherContact = matchDuplicate(probe({ phones: ['+12125550000'], email: 'other@example.com' }), stored)!;
    expect(otherContact.score).toBe(0.8);
  });

  it('does not take a name alone, or a family sharing a phone, for the same person', () => {
    // Same name, another birthday and other contacts: two people.
    expect(matchDuplicate(probe({ dateOfBirth: '1990-07-01', phones: ['+12125550000'], email: 'x@example.com' }), stored)).toBeNull();
    // Same first name and birthday only (the test suites' "Test Patient-xxxx"): below the threshold.
    expect(matchDuplicate(probe({ lastName: 'Patient-1a2b3c4d', phones: ['+12125550000'], email: 'x@example.com' }), stored)).toBeNull();
    // Two such names whose random parts are all digits, or differ only in digits, are two people.
    const test = { ...stored, firstName: 'Test', lastName: 'Patient-67e83349', phones: ['+15550000001'], email: 'a@example.com' };
    expect(matchDuplicate({ ...test, lastName: 'Patient-00112233', phones: ['+15550000002'], email: 'b@example.com' }, test)).toBeNull();
    expect(matchDuplicate({ ...test, lastName: 'Patient-67e80000', phones: ['+15550000002'], email: 'b@example.com' }, test)).toBeNull();
    // A child sharing the parent's last name, phone and email, born another day.
    expect(matchDuplicate(probe({ firstName: 'Lucas', dateOfBirth: '2015-05-09' }), stored)).toBeNull();
  });

  it('warns about twins (the registrar then overrides with a reason)', () => {
    const twin = matchDuplicate(probe({ firstName: 'Lucia' }), stored)!;
    expect(twin.summary).toBe('last name exact, date of birth exact, phone same, email same');
    expect(twin.score).toBe(0.8);
  });
});
