import { patientIdOfRoute, patientIdsIn } from './patient-ids';

describe('patientIdsIn', () => {
  it('finds patientId members at any depth, FHIR patient references and Patient resources', () => {
    const dayView = { date: '2026-12-01', columns: [{ appointments: [{ id: 'a1', patientId: 'p1' }, { id: 'a2', patientId: 'p2' }] }] };
    expect(patientIdsIn(dayView)).toEqual(['p1', 'p2']);
    const bundle = {
      resourceType: 'Bundle',
      entry: [{ resource: { resourceType: 'Patient', id: 'p3' } }, { resource: { resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/p4' } } }],
    };
    expect(patientIdsIn(bundle)).toEqual(['p3', 'p4']);
  });

  it('takes the id of a patient answer, or of each item of a patient list', () => {
    expect(patientIdsIn({ id: 'p1', mrn: 'MRN1' }, 'patient')).toEqual(['p1']);
    expect(patientIdsIn({ items: [{ id: 'p1' }, { id: 'p2' }], total: 2 }, 'patient')).toEqual(['p1', 'p2']);
    expect(patientIdsIn({ id: 'appointment-1' })).toEqual([]);
  });

  it('finds nothing in an answer without patients', () => {
    expect(patientIdsIn(undefined)).toEqual([]);
    expect(patientIdsIn({ items: [] })).toEqual([]);
    expect(patientIdsIn('text')).toEqual([]);
  });
});

describe('patientIdOfRoute', () => {
  it('reads :patientId, or :id under /patients/:id, and nothing else', () => {
    expect(patientIdOfRoute('/patients/:patientId/documents', { patientId: 'p1' })).toBe('p1');
    expect(patientIdOfRoute('/patients/:id/allergies', { id: 'p2' })).toBe('p2');
    expect(patientIdOfRoute('/patients/:id', { id: 'p3' })).toBe('p3');
    expect(patientIdOfRoute('/appointments/:id', { id: 'a1' })).toBeUndefined();
  });
});
