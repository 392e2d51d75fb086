import { r4SchemaProblems } from '@clinic-flow/fhir/testing';
import { administrativeGender, fhirPatient } from './patient.fhir';
import { PatientRecord } from './patients.schema';

const at = new Date('2026-11-30T15:00:00Z');
const minimal: PatientRecord = {
  _id: 'pat-1',
  version: 3,
  mrn: 'MRN-00000042',
  firstName: 'Ana',
  lastName: 'García',
  dateOfBirth: '1984-03-12',
  preferredChannel: 'email',
  registeredAtSiteId: 'site-downtown',
  registeredBy: 'u1',
  createdAt: at,
  updatedAt: at,
};

describe('a patient as a FHIR R4 Patient', () => {
  it('administrative gender: from the gender identity when given, else sex at birth, else unknown', () => {
    expect(administrativeGender({ genderIdentity: 'transgender-female', sexAtBirth: 'male' })).toBe('female');
    expect(administrativeGender({ genderIdentity: 'transgender-male', sexAtBirth: 'female' })).toBe('male');
    expect(administrativeGender({ genderIdentity: 'non-binary', sexAtBirth: 'female' })).toBe('other');
    expect(administrativeGender({ genderIdentity: 'other' })).toBe('other');
    expect(administrativeGender({ genderIdentity: 'asked-declined', sexAtBirth: 'male' })).toBe('male');
    expect(administrativeGender({ sexAtBirth: 'unknown' })).toBe('unknown');
    expect(administrativeGender({})).toBe('unknown');
  });

  it('a minimal record is valid R4 with only what we know: MRN, official name, birth date, language', () => {
    const patient = fhirPatient(minimal);
    expect(r4SchemaProblems(patient)).toEqual([]);
    expect(patient).toEqual({
      resourceType: 'Patient',
      id: 'pat-1',
      meta: { versionId: '3', lastUpdated: at.toISOString() },
      identifier: [{ use: 'usual', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' }] }, system: 'urn:clinic-flow:mrn', value: 'MRN-00000042' }],
      active: true,
      name: [{ use: 'official', family: 'García', given: ['Ana'] }],
      gender: 'unknown',
      birthDate: '1984-03-12',
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }], text: 'en' }, preferred: true }],
    });
  });

  it('a full record: preferred name as the usual name, phones and email, address, emergency contact, birth sex, merged records', () => {
    const patient = fhirPatient({
      ...minimal,
      middleName: 'Lucía',
      preferredName: 'Annie',
      sexAtBirth: 'female',
      phone: '+15550123456',
      homePhone: '+15550123457',
      email: 'ana@example.com',
      language: 'es',
      address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
      emergencyContact: { name: 'Luis García', relationship: 'spouse', phone: '+15550123458' },
      mergedPatientIds: ['pat-0'],
    });
    expect(r4SchemaProblems(patient)).toEqual([]);
    expect(patient).toMatchObject({
      name: [
        { use: 'official', family: 'García', given: ['Ana', 'Lucía'] },
        { use: 'usual', family: 'García', given: ['Annie'] },
      ],
      telecom: [
        { system: 'phone', value: '+15550123456', use: 'mobile' },
        { system: 'phone', value: '+15550123457', use: 'home' },
        { system: 'email', value: 'ana@example.com' },
      ],
      gender: 'female',
      extension: [{ valueCode: 'F' }],
      address: [{ line: ['1 Main St'], city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }],
      contact: [{ name: { text: 'Luis García' }, telecom: [{ system: 'phone', value: '+15550123458' }] }],
      communication: [{ language: { coding: [{ code: 'es' }] } }],
      link: [{ other: { reference: 'Patient/pat-0' }, type: 'replaces' }],
    });
  });
});
