import { IndexedPatient, PatientSearchIndex } from './patient-search.index';
import { parseQuery } from './patient-search.rules';
import type { PatientRecord } from './patients.schema';

const today = new Date('2026-11-23T12:00:00Z');
let seq = 0;
const record = (over: Partial<PatientRecord> = {}): PatientRecord => {
  seq += 1;
  return {
    _id: `p${seq}`,
    version: 1,
    mrn: `MRN-${String(seq).padStart(8, '0')}`,
    firstName: 'Maria',
    lastName: 'Garcia',
    dateOfBirth: '1984-03-12',
    phone: `+1555012${String(seq).padStart(4, '0')}`,
    preferredChannel: 'sms',
    registeredAtSiteId: 'site-a',
    registeredBy: 'u',
    createdAt: today,
    updatedAt: today,
    ...over,
  };
};
const everywhere = { patient: () => true };

describe('patient search index', () => {
  it('knows the care sites: a patient registered elsewhere is found by the staff of a site where they had a visit', () => {
    const index = new PatientSearchIndex();
    const seenHere = record({ _id: 'seen-here', registeredAtSiteId: 'site-b', careSiteIds: ['site-a'] });
    const notHere = record({ _id: 'not-here', registeredAtSiteId: 'site-b' });
    [seenHere, notHere].forEach((r) => index.put(r));
    const atA = { patient: (p: IndexedPatient) => p.siteIds.includes('site-a') };
    expect(index.search(parseQuery('garcia maria', today), atA, 10, 0).items.map((i) => i.patient.id)).toEqual(['seen-here']);
    index.put({ ...notHere, version: 2, careSiteIds: ['site-a'] });
    expect(index.search(parseQuery('garcia maria', today), atA, 10, 0).items.map((i) => i.patient.id).sort()).toEqual(['not-here', 'seen-here']);
  });

  it('finds by every word, best first, paged, within the sites allowed', () => {
    const index = new PatientSearchIndex();
    const exact = record({ _id: 'exact' });
    const typo = record({ _id: 'typo', lastName: 'Garsia' });
    const elsewhere = record({ _id: 'elsewhere', registeredAtSiteId: 'site-b' });
    const other = record({ _id: 'other', firstName: 'John', lastName: 'Smith' });
    [exact, typo, elsewhere, other].forEach((r) => index.put(r));
    const page = index.search(parseQuery('garcia maria', today), { patient: (p: IndexedPatient) => p.siteIds.includes('site-a') }, 10, 0);
    expect(page.items.map((i) => i.patient.id)).toEqual(['exact', 'typo']);
    expect(page.total).toBe(2);
    // Ties (same score and name) go by id: elsewhere, exact, then typo; the second page of one.
    expect(index.search(parseQuery('garcia maria', today), everywhere, 1, 1).items.map((i) => i.patient.id)).toEqual(['exact']);
    expect(index.search(parseQuery('smith', today), everywhere, 10, 0).items.map((i) => i.patient.id)).toEqual(['other']);
  });

  it('keeps the newest version whatever order states arrive in, and re-indexes a rename', () => {
    const index = new PatientSearchIndex();
    const v1 = record({ _id: 'x', lastName: 'Lopez', version: 1 });
    const v2 = { ...v1, lastName: 'Lopez-Garcia', version: 2 };
    expect(index.put(v2)).toBe(true);
    expect(index.put(v1)).toBe(false);
    expect(index.search(parseQuery('lopez-garcia', today), everywhere, 10, 0).total).toBe(1);
    const v3 = { ...v1, lastName: 'Perez', version: 3 };
    index.put(v3);
    expect(index.search(parseQuery('lopez', today), everywhere, 10, 0).total).toBe(0);
    expect(index.search(parseQuery('perez', today), everywhere, 10, 0).total).toBe(1);
    index.delete('x');
    expect(index.size).toBe(0);
  });

  it('leaves merged records out of search and duplicates', () => {
    const index = new PatientSearchIndex();
    index.put(record({ _id: 'merged', mergedIntoPatientId: 'survivor' }));
    expect(index.search(parseQuery('garcia', today), everywhere, 10, 0).total).toBe(0);
    expect(index.duplicates({ firstName: 'Maria', lastName: 'Garcia', dateOfBirth: '1984-03-12', phones: [] }, everywhere)).toEqual([]);
  });

  it('finds likely duplicates by a nearby date, a shared phone or a similar name', () => {
    const index = new PatientSearchIndex();
    index.put(record({ _id: 'swapped-date', dateOfBirth: '1984-12-03', phone: '+12125550109' }));
    index.put(record({ _id: 'typo-name', lastName: 'Garcai' }));
    index.put(record({ _id: 'stranger', firstName: 'Ann', lastName: 'Lee', dateOfBirth: '1950-01-01' }));
    const found = index.duplicates({ firstName: 'Maria', lastName: 'Garcia', dateOfBirth: '1984-03-12', phones: ['+12125550109'] }, everywhere);
    expect(found.map((c) => c.patient.id)).toEqual(['swapped-date', 'typo-name']);
    expect(found[0].match.summary).toBe('last name exact, first name exact, date of birth month and day swapped, phone same');
  });
});
