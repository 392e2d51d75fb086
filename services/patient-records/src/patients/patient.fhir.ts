/*
 * A patient's record as a FHIR R4 Patient (pure mapping, typed by @medplum/fhirtypes).
 *
 * Patient.gender is FHIR's administrative gender (male | female | other | unknown). We keep sex at
 * birth and an optional gender identity; the administrative gender is taken from the gender
 * identity when the patient gave one (female and transgender-female -> female, male and
 * transgender-male -> male, non-binary and other -> other), else from sex at birth (female, male,
 * unknown), else unknown. Sex at birth also goes in the US Core birth sex extension (F, M, UNK).
 */
import type { ContactPoint, Extension, HumanName, Patient, PatientContact } from '@medplum/fhirtypes';
import { GenderIdentity, SexAtBirth } from '@clinic-flow/contracts';
import { PatientRecord } from './patients.schema';

/** The identifier system of our medical record numbers (MRN-00000042). */
export const MRN_SYSTEM = 'urn:clinic-flow:mrn';

const GENDER_OF_IDENTITY: Record<GenderIdentity, Patient['gender'] | undefined> = {
  female: 'female',
  'transgender-female': 'female',
  male: 'male',
  'transgender-male': 'male',
  'non-binary': 'other',
  other: 'other',
  'asked-declined': undefined,
};

const BIRTH_SEX: Record<SexAtBirth, string> = { female: 'F', male: 'M', unknown: 'UNK' };

/** The administrative gender FHIR asks for, from what we keep (see the file header). */
export function administrativeGender(p: Pick<PatientRecord, 'sexAtBirth' | 'genderIdentity'>): NonNullable<Patient['gender']> {
  return (p.genderIdentity && GENDER_OF_IDENTITY[p.genderIdentity]) ?? p.sexAtBirth ?? 'unknown';
}

export function fhirPatient(p: PatientRecord): Patient {
  const given = [p.firstName, ...(p.middleName ? [p.middleName] : [])];
  const name: HumanName[] = [{ use: 'official', family: p.lastName, given }];
  if (p.preferredName) name.push({ use: 'usual', family: p.lastName, given: [p.preferredName] });
  const telecom: ContactPoint[] = [
    ...(p.phone ? [{ system: 'phone' as const, value: p.phone, use: 'mobile' as const }] : []),
    ...(p.homePhone ? [{ system: 'phone' as const, value: p.homePhone, use: 'home' as const }] : []),
    ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
  ];
  const extension: Extension[] = p.sexAtBirth ? [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: BIRTH_SEX[p.sexAtBirth] }] : [];
  const contact: PatientContact[] = p.emergencyContact
    ? [
        {
          relationship: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C', display: 'Emergency Contact' }] },
            { text: p.emergencyContact.relationship },
          ],
          name: { text: p.emergencyContact.name },
          telecom: [{ system: 'phone', value: p.emergencyContact.phone }],
        },
      ]
    : [];
  const language = p.language ?? 'en';
  return {
    resourceType: 'Patient',
    id: p._id,
    meta: { versionId: String(p.version), lastUpdated: p.updatedAt.toISOString() },
    ...(extension.length ? { extension } : {}),
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' }] },
        system: MRN_SYSTEM,
        value: p.mrn,
      },
    ],
    active: true,
    name,
    ...(telecom.length ? { telecom } : {}),
    gender: administrativeGender(p),
    birthDate: p.dateOfBirth,
    ...(p.address
      ? {
          address: [
            {
              use: 'home',
              line: [p.address.line1, ...(p.address.line2 ? [p.address.line2] : [])],
              city: p.address.city,
              state: p.address.state,
              postalCode: p.address.postalCode,
              country: p.address.country,
            },
          ],
        }
      : {}),
    ...(contact.length ? { contact } : {}),
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: language }], text: language }, preferred: true }],
    // A survivor names the records merged into it, as FHIR's merge does.
    ...(p.mergedPatientIds?.length ? { link: p.mergedPatientIds.map((id) => ({ other: { reference: `Patient/${id}` }, type: 'replaces' as const })) } : {}),
  };
}
