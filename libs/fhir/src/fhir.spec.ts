import type { AllergyIntolerance, Condition } from '@medplum/fhirtypes';
import { operationOutcome, problemCodeOf, searchset } from './fhir';
import { r4ResourceTypes, r4SchemaProblems } from './testing';

const allergy: AllergyIntolerance = {
  resourceType: 'AllergyIntolerance',
  id: 'a1',
  patient: { reference: 'Patient/p1' },
  code: { text: 'Penicillin' },
};

describe('FHIR R4 plumbing', () => {
  it('builds a searchset Bundle of what a search found, valid R4', () => {
    const bundle = searchset([allergy], 'https://clinic.example/fhir/R4/AllergyIntolerance?patient=p1');
    expect(bundle).toEqual({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 1,
      link: [{ relation: 'self', url: 'https://clinic.example/fhir/R4/AllergyIntolerance?patient=p1' }],
      entry: [{ fullUrl: 'AllergyIntolerance/a1', resource: allergy, search: { mode: 'match' } }],
    });
    expect(r4SchemaProblems(bundle)).toEqual([]);
    expect(r4SchemaProblems(searchset([]))).toEqual([]);
  });

  it('answers errors as OperationOutcomes that keep the stable problem code, valid R4', () => {
    const outcome = operationOutcome(404, 'PATIENT.NOT_FOUND', 'There is no patient p1.');
    expect(outcome.issue).toEqual([
      expect.objectContaining({ severity: 'error', code: 'not-found', diagnostics: 'There is no patient p1.' }),
    ]);
    expect(problemCodeOf(outcome)).toBe('PATIENT.NOT_FOUND');
    expect(r4SchemaProblems(outcome)).toEqual([]);
    const invalid = operationOutcome(400, 'REQUEST.VALIDATION_FAILED', 'bad', [{ field: 'patient', messages: ['patient is required'] }]);
    expect(invalid.issue).toEqual([expect.objectContaining({ code: 'invalid', expression: ['patient'], diagnostics: 'patient is required' })]);
    expect(r4SchemaProblems(invalid)).toEqual([]);
  });

  it('the schema check catches what is not R4', () => {
    const condition = { resourceType: 'Condition', subject: { reference: 'Patient/p1' }, clinicalStatus: { coding: { code: 'active' } } } as unknown as Condition;
    expect(r4SchemaProblems(condition)).toEqual(['/clinicalStatus/coding: must be array']);
    expect(r4SchemaProblems({ resourceType: 'Condition', subject: { reference: 'Patient/p1' }, recordedDate: '2024-13-45' })).not.toEqual([]);
    expect(r4SchemaProblems({ ...allergy, madeUp: true })).not.toEqual([]);
    expect(r4SchemaProblems({ resourceType: 'Project' })).toEqual(['resourceType Project is not an R4 resource']);
    expect(r4SchemaProblems(searchset([{ ...allergy, criticality: 'very' } as unknown as AllergyIntolerance]))).not.toEqual([]);
    expect(r4ResourceTypes()).toEqual(expect.arrayContaining(['Patient', 'Observation', 'Condition', 'AllergyIntolerance', 'DocumentReference', 'Appointment']));
  });
});
