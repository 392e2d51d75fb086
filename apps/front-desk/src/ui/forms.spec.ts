import { draftFromSearch } from './register-draft';
import { EMPTY_VITALS, vitalsBody } from './vitals';

describe('registration starts from the search words', () => {
  it('takes the words of letters as first and last name, leaves dates and digits out', () => {
    expect(draftFromSearch('maria de la cruz 1984-03-12')).toEqual({ firstName: 'maria', lastName: 'de la cruz' });
    expect(draftFromSearch('José')).toEqual({ firstName: 'José', lastName: '' });
    expect(draftFromSearch('555-0109')).toEqual({ firstName: '', lastName: '' });
    expect(draftFromSearch("o'brien-smith ann")).toEqual({ firstName: "o'brien-smith", lastName: 'ann' });
  });
});

describe('vitals from the check-in dialog', () => {
  it('nothing measured: no vitals request at all', () => {
    expect(vitalsBody(EMPTY_VITALS, 'a-1')).toBeNull();
    expect(vitalsBody({ ...EMPTY_VITALS, pulse: '   ' }, 'a-1')).toBeNull();
  });

  it('sends what was measured, with units, tied to the appointment; a decimal comma is read as a point', () => {
    expect(vitalsBody({ ...EMPTY_VITALS, systolic: '128', diastolic: '82', pulse: '72', temperature: '37,2', temperatureUnit: 'C', weight: '160', spo2: '97' }, 'a-1')).toEqual({
      appointmentId: 'a-1',
      bloodPressure: { systolic: 128, diastolic: 82 },
      pulse: 72,
      temperature: { value: 37.2, unit: 'C' },
      spo2: 97,
      weight: { value: 160, unit: 'lb' },
    });
  });

  it('half a blood pressure is sent as typed, so the API names the missing half', () => {
    expect(vitalsBody({ ...EMPTY_VITALS, systolic: '120' }, 'a-1')).toEqual({ appointmentId: 'a-1', bloodPressure: { systolic: 120, diastolic: undefined } });
  });
});
