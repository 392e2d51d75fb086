import { acceptedVitals, bodyMassIndex, measuredSigns, vitalsProblems } from './vitals.rules';

describe('vitals rules', () => {
  const typical = { bloodPressure: { systolic: 128, diastolic: 82 }, pulse: 72, temperature: { value: 37.2, unit: 'C' }, respiratoryRate: 16, spo2: 97, height: { value: 170, unit: 'cm' }, weight: { value: 72.5, unit: 'kg' } };

  it('accepts a typical check-in, in metric and in US units', () => {
    expect(vitalsProblems(typical)).toEqual([]);
    expect(vitalsProblems({ temperature: { value: 99.1, unit: 'F' }, height: { value: 67, unit: 'in' }, weight: { value: 160, unit: 'lb' } })).toEqual([]);
  });

  it('accepts the edges of each range and refuses just past them, naming the field', () => {
    expect(vitalsProblems({ spo2: 100 })).toEqual([]);
    expect(vitalsProblems({ spo2: 100.5 })).toEqual([expect.objectContaining({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', field: 'spo2' })]);
    expect(vitalsProblems({ pulse: 20 })).toEqual([]);
    expect(vitalsProblems({ pulse: 19 })).toEqual([expect.objectContaining({ field: 'pulse' })]);
    expect(vitalsProblems({ temperature: { value: 45, unit: 'C' } })).toEqual([]);
    expect(vitalsProblems({ temperature: { value: 98.6, unit: 'C' } })).toEqual([expect.objectContaining({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', field: 'temperature' })]);
    expect(vitalsProblems({ bloodPressure: { systolic: 301, diastolic: 80 } })).toEqual([expect.objectContaining({ field: 'bloodPressure.systolic' })]);
    expect(vitalsProblems({ respiratoryRate: 3 })).toEqual([expect.objectContaining({ field: 'respiratoryRate' })]);
    expect(vitalsProblems({ height: { value: 170, unit: 'in' } })).toEqual([expect.objectContaining({ field: 'height' })]);
    expect(vitalsProblems({ weight: { value: Number.NaN, unit: 'kg' } })).toEqual([expect.objectContaining({ field: 'weight' })]);
  });

  it('refuses a diastolic at or above the systolic (swapped fields)', () => {
    expect(vitalsProblems({ bloodPressure: { systolic: 80, diastolic: 120 } })).toEqual([expect.objectContaining({ field: 'bloodPressure.diastolic' })]);
  });

  it('refuses a unit the field is not measured in, before any range', () => {
    expect(vitalsProblems({ temperature: { value: 310, unit: 'K' }, weight: { value: 70, unit: 'kg' } })).toEqual([
      expect.objectContaining({ code: 'CLINICAL.VITALS_UNIT_INVALID', field: 'temperature.unit' }),
    ]);
    expect(vitalsProblems({ height: { value: 1.7, unit: 'm' } })).toEqual([expect.objectContaining({ code: 'CLINICAL.VITALS_UNIT_INVALID', field: 'height.unit' })]);
  });

  it('refuses a record with nothing measured', () => {
    expect(vitalsProblems({})).toEqual([expect.objectContaining({ code: 'CLINICAL.VITALS_EMPTY' })]);
  });

  it('computes BMI in kg/m² from either unit system', () => {
    expect(bodyMassIndex({ value: 170, unit: 'cm' }, { value: 72.5, unit: 'kg' })).toBe(25.1);
    expect(bodyMassIndex({ value: 67, unit: 'in' }, { value: 160, unit: 'lb' })).toBe(25.1);
    expect(acceptedVitals(typical).bmi).toBe(25.1);
    expect(acceptedVitals({ weight: { value: 70, unit: 'kg' } }).bmi).toBeUndefined();
  });

  it('lists what was measured', () => {
    expect(measuredSigns(acceptedVitals(typical))).toEqual(['blood-pressure', 'pulse', 'temperature', 'respiratory-rate', 'spo2', 'height', 'weight', 'bmi']);
    expect(measuredSigns(acceptedVitals({ pulse: 60 }))).toEqual(['pulse']);
  });
});
