import { compareScored, matchNameTerm, nameTerms, normalizeName, parseDate, parseQuery, scorePatient, SearchablePatient, withinOneEdit } from './patient-search.rules';

const today = new Date('2026-11-23T12:00:00Z');

const patient = (over: Partial<SearchablePatient> & { first?: string; last?: string; preferred?: string; middle?: string } = {}): SearchablePatient => {
  const first = over.first ?? 'Maria';
  const last = over.last ?? 'Garcia';
  return {
    id: over.id ?? 'p1',
    names: { firstName: nameTerms(first), lastName: nameTerms(last), preferredName: nameTerms(over.preferred), middleName: nameTerms(over.middle) },
    dateOfBirth: over.dateOfBirth ?? '1984-03-12',
    phones: over.phones ?? ['15550123456'],
    mrn: over.mrn ?? 42,
    email: over.email ?? 'maria.garcia@example.com',
    firstName: normalizeName(first),
    lastName: normalizeName(last),
  };
};

const search = (q: string, p: SearchablePatient) => scorePatient(parseQuery(q, today), p);

describe('names', () => {
  it('ignores case and accents, and splits hyphenated names', () => {
    expect(normalizeName('José')).toBe('jose');
    expect(normalizeName('NÚÑEZ')).toBe('nunez');
    expect(normalizeName("O'Brien")).toBe('obrien');
    expect(normalizeName('Müller')).toBe('muller');
    expect(normalizeName('Łukasz Øster')).toBe('lukaszoster');
    expect(normalizeName('Patient-67e83349')).toBe('patient67e83349');
    expect(nameTerms('García-Márquez')).toEqual(['garcia', 'marquez', 'garciamarquez']);
    expect(nameTerms('de la Cruz')).toEqual(['de', 'la', 'cruz', 'delacruz']);
    expect(nameTerms(undefined)).toEqual([]);
  });

  it('knows one edit from two', () => {
    expect(withinOneEdit('garcia', 'garcia')).toBe(true);
    expect(withinOneEdit('garsia', 'garcia')).toBe(true); // substitution
    expect(withinOneEdit('garca', 'garcia')).toBe(true); // deletion
    expect(withinOneEdit('garciaa', 'garcia')).toBe(true); // insertion
    expect(withinOneEdit('gracia', 'garcia')).toBe(true); // neighbours swapped
    expect(withinOneEdit('garcai', 'garcia')).toBe(true);
    expect(withinOneEdit('grcaia', 'garcia')).toBe(false);
    expect(withinOneEdit('gorcio', 'garcia')).toBe(false);
    expect(withinOneEdit('garc', 'garcia')).toBe(false);
    expect(withinOneEdit('garsi', 'garcia', 5)).toBe(true); // against the first five letters
    expect(withinOneEdit('gorsi', 'garcia', 5)).toBe(false);
  });

  it('matches a word exactly, as a prefix, or with one typo from four letters on', () => {
    expect(matchNameTerm('garcia', 'garcia')).toBe('exact');
    expect(matchNameTerm('gar', 'garcia')).toBe('prefix');
    expect(matchNameTerm('g', 'garcia')).toBe('prefix');
    expect(matchNameTerm('garsia', 'garcia')).toBe('typo');
    expect(matchNameTerm('gracia', 'garcia')).toBe('typo');
    expect(matchNameTerm('garsi', 'garcia')).toBe('typo-prefix');
    expect(matchNameTerm('jon', 'jan')).toBeNull(); // too short for a typo
    expect(matchNameTerm('smith', 'garcia')).toBeNull();
  });
});

describe('dates of birth as typed', () => {
  it.each([
    ['1984-03-12', '1984-03-12'],
    ['1984/3/12', '1984-03-12'],
    ['03/12/1984', '1984-03-12'],
    ['3/12/1984', '1984-03-12'],
    ['3-12-1984', '1984-03-12'],
    ['3.12.1984', '1984-03-12'],
    ['3/12/84', '1984-03-12'],
    ['3/12/05', '2005-03-12'],
    ['03121984', '1984-03-12'],
    ['19840312', '1984-03-12'],
  ])('%s is %s', (typed, iso) => expect(parseDate(typed, today)).toBe(iso));

  it('refuses dates not on the calendar', () => {
    expect(parseDate('02/30/1984', today)).toBeNull();
    expect(parseDate('13/12/1984', today)).toBeNull();
    expect(parseDate('garcia', today)).toBeNull();
  });
});

describe('queries', () => {
  it('reads each word every way it can be meant', () => {
    expect(parseQuery('Garcia, María 03/12/1984', today)).toEqual([
      { raw: 'Garcia', name: 'garcia' },
      { raw: 'María', name: 'maria' },
      { raw: '03/12/1984', date: '1984-03-12' },
    ]);
    expect(parseQuery('MRN-00000042', today)).toEqual([{ raw: 'MRN-00000042', mrn: 42 }]);
    expect(parseQuery('(555) 012-3456', today)).toEqual([{ raw: '5550123456', phoneDigits: '5550123456', mrn: 5550123456 }]);
    expect(parseQuery('+1 555 012 3456', today)[0].phoneDigits).toBe('5550123456');
    expect(parseQuery('1984', today)).toEqual([{ raw: '1984', phoneDigits: '1984', mrn: 1984, year: '1984' }]);
    expect(parseQuery('Maria@Example.com', today)).toEqual([{ raw: 'Maria@Example.com', email: 'maria@example.com' }]);
    expect(parseQuery(' ,; !! ', today)).toEqual([]);
  });
});

describe('matching and ranking', () => {
  const maria = patient();

  it('finds by a prefix of the name, any case, accents either way', () => {
    expect(search('gar', maria)?.matches).toEqual([{ term: 'gar', field: 'lastName', how: 'prefix' }]);
    expect(search('GARCÍA', maria)?.matches[0].how).toBe('exact');
    const jose = patient({ first: 'José', last: 'Núñez' });
    expect(search('jose nunez', jose)?.score).toBe(2);
    expect(search('josé núñez', patient({ first: 'Jose', last: 'Nunez' }))?.score).toBe(2);
  });

  it('tolerates one typo, and swapped first and last names', () => {
    expect(search('garsia maria', maria)?.matches.map((m) => m.how)).toEqual(['typo', 'exact']);
    expect(search('maria garcia', maria)?.score).toBe(2);
    expect(search('garcia maria', maria)?.score).toBe(2);
    expect(search('gorcio', maria)).toBeNull();
  });

  it('finds by date of birth in several formats, by birth year, and with a name', () => {
    for (const q of ['1984-03-12', '03/12/1984', '3/12/84', '03121984']) expect(search(q, maria)?.matches[0]).toMatchObject({ field: 'dateOfBirth', how: 'exact' });
    expect(search('garcia 1984-03-12', maria)?.score).toBe(2);
    expect(search('garcia 1985-03-12', maria)).toBeNull();
    expect(search('garcia 1984', maria)?.matches[1]).toMatchObject({ field: 'dateOfBirth', how: 'year' });
  });

  it('finds by phone in any format or its last digits', () => {
    for (const q of ['(555) 012-3456', '555-012-3456', '555.012.3456', '+1 555 012 3456', '15550123456']) {
      expect(search(q, maria)?.matches[0]).toMatchObject({ field: 'phone', how: 'exact' });
    }
    expect(search('3456', maria)?.matches[0]).toMatchObject({ field: 'phone', how: 'suffix' });
    expect(search('012-3456', maria)?.matches[0]).toMatchObject({ field: 'phone', how: 'suffix' });
    expect(search('9999', maria)).toBeNull();
    expect(search('3456', patient({ phones: ['15550000000', '12125553456'] }))?.matches[0].field).toBe('phone');
  });

  it('finds by MRN and email', () => {
    expect(search('MRN-00000042', maria)?.matches[0]).toMatchObject({ field: 'mrn', how: 'exact' });
    expect(search('42', maria)?.matches[0]).toMatchObject({ field: 'mrn', how: 'exact' });
    expect(search('mrn43', maria)).toBeNull();
    expect(search('maria.garcia@example.com', maria)?.matches[0]).toMatchObject({ field: 'email', how: 'exact' });
    expect(search('maria.garcia@', maria)?.matches[0]).toMatchObject({ field: 'email', how: 'prefix' });
  });

  it('finds by preferred and middle name, and by a part of a hyphenated name', () => {
    const ana = patient({ first: 'Ana', last: 'García-Márquez', preferred: 'Anita', middle: 'Sofia' });
    expect(search('anita', ana)?.matches[0].field).toBe('preferredName');
    expect(search('sofia', ana)?.matches[0].field).toBe('middleName');
    expect(search('marquez', ana)?.matches[0].how).toBe('exact');
    expect(search('garcia-marquez', ana)?.matches[0].how).toBe('exact');
  });

  it('ranks exact above prefix above typo, and a tie by name', () => {
    const exact = search('maria garcia', patient({ id: 'a' }))!;
    const prefix = search('maria garcia', patient({ id: 'b', last: 'Garciana' }))!;
    const typo = search('maria garcia', patient({ id: 'c', last: 'Garcai' }))!;
    const prefixFirst = search('maria garcia', patient({ id: 'd', first: 'Mariana' }))!;
    const ranked = [typo, prefix, prefixFirst, exact].sort(compareScored).map((s) => s.id);
    expect(ranked).toEqual(['a', 'd', 'b', 'c']); // b and d tie (one prefix each): by last name
    expect(exact.score).toBeGreaterThan(prefix.score);
    expect(prefix.score).toBeGreaterThan(typo.score);
  });
});
