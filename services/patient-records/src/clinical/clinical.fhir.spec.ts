import { r4SchemaProblems } from '@clinic-flow/fhir/testing';
import { allergyIntolerance, condition, observation, parseObservationId } from './clinical.fhir';
import { AllergyRecord, ProblemRecord, VitalsRecord } from './clinical.schema';
import { acceptedVitals, measuredSigns } from './vitals.rules';

const at = new Date('2026-11-30T15:00:00Z');
const entry = { version: 1, patientId: 'pat-1', siteId: 'site-downtown', recordedBy: 'u1', recordedAt: at, updatedBy: 'u1', updatedAt: at };
const allergy: AllergyRecord = { ...entry, _id: 'a1', substance: 'Penicillin', reaction: 'Hives', severity: 'moderate', status: 'active', notedOn: '2024-02-10' };
const problem: ProblemRecord = { ...entry, _id: 'p1', code: 'E11.9', description: 'Type 2 diabetes mellitus without complications', codeSetVersion: '2026', status: 'active', onsetDate: '2019-06-01' };
const vitals: VitalsRecord = {
  ...entry,
  _id: '0b6f3f0e-9d4e-4f7e-9a52-0c3b8f1f2a11',
  status: 'final',
  takenAt: at,
  ...acceptedVitals({ bloodPressure: { systolic: 128, diastolic: 82 }, pulse: 72, temperature: { value: 99.1, unit: 'F' }, respiratoryRate: 16, spo2: 97, height: { value: 67, unit: 'in' }, weight: { value: 160, unit: 'lb' } }),
};

describe('clinical record as FHIR R4', () => {
  it('an allergy is a valid AllergyIntolerance with its reaction and severity', () => {
    const resource = allergyIntolerance(allergy);
    expect(r4SchemaProblems(resource)).toEqual([]);
    expect(resource).toMatchObject({ clinicalStatus: { coding: [{ code: 'active' }] }, patient: { reference: 'Patient/pat-1' }, reaction: [{ severity: 'moderate', manifestation: [{ text: 'Hives' }] }] });
    const withdrawn = allergyIntolerance({ ...allergy, status: 'entered-in-error' });
    expect(withdrawn.clinicalStatus).toBeUndefined();
    expect(withdrawn.verificationStatus!.coding![0].code).toBe('entered-in-error');
    expect(r4SchemaProblems(withdrawn)).toEqual([]);
  });

  it('a problem is a valid problem-list Condition coded in ICD-10-CM', () => {
    const resource = condition(problem, '2026');
    expect(r4SchemaProblems(resource)).toEqual([]);
    expect(resource.code!.coding).toEqual([{ system: 'http://hl7.org/fhir/sid/icd-10-cm', version: '2026', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }]);
    expect(resource.category![0].coding![0].code).toBe('problem-list-item');
    const resolved = condition({ ...problem, status: 'resolved', resolvedDate: '2025-01-01' });
    expect(resolved).toMatchObject({ clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: '2025-01-01' });
  });

  it('each measured sign is a valid vital-signs Observation, LOINC-coded with UCUM units', () => {
    const signs = measuredSigns(vitals);
    expect(signs).toHaveLength(8);
    const resources = signs.map((sign) => observation(vitals, sign));
    for (const resource of resources) expect(r4SchemaProblems(resource)).toEqual([]);
    const byCode = Object.fromEntries(resources.map((r) => [r.code!.coding![0].code!, r]));
    expect(byCode['85354-9'].component!.map((c) => [c.code!.coding![0].code, c.valueQuantity!.value, c.valueQuantity!.code])).toEqual([
      ['8480-6', 128, 'mm[Hg]'],
      ['8462-4', 82, 'mm[Hg]'],
    ]);
    expect(byCode['8310-5'].valueQuantity).toEqual({ value: 99.1, unit: 'F', system: 'http://unitsofmeasure.org', code: '[degF]' });
    expect(byCode['8302-2'].valueQuantity!.code).toBe('[in_i]');
    expect(byCode['29463-7'].valueQuantity!.code).toBe('[lb_av]');
    expect(byCode['39156-5'].valueQuantity).toMatchObject({ value: 25.1, code: 'kg/m2' });
    expect(byCode['2708-6'].code!.coding!.map((c) => c.code)).toEqual(['2708-6', '59408-5']);
    expect(byCode['8867-4'].category![0].coding![0].code).toBe('vital-signs');
  });

  it('an Observation id names its vitals record and sign', () => {
    const id = observation(vitals, 'respiratory-rate').id!;
    expect(id.length).toBeLessThanOrEqual(64);
    expect(parseObservationId(id)).toEqual({ vitalsId: vitals._id, sign: 'respiratory-rate' });
    expect(parseObservationId('nope')).toBeNull();
    expect(parseObservationId(`${vitals._id}.heart`)).toBeNull();
  });
});
