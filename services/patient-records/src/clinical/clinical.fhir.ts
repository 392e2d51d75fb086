/*
 * The clinical record as FHIR R4 resources (pure mapping, typed by @medplum/fhirtypes):
 * AllergyIntolerance, Condition (problem-list-item, ICD-10-CM) and Observation (the vital-signs
 * profile: one Observation per measured sign of a vitals record, LOINC-coded, UCUM units).
 */
import type { AllergyIntolerance, CodeableConcept, Condition, Observation, Quantity } from '@medplum/fhirtypes';
import { VitalSign } from '@clinic-flow/contracts';
import { AllergyRecord, ProblemRecord, VitalsRecord } from './clinical.schema';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });
const concept = (system: string, code: string, display?: string): CodeableConcept => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });
const meta = (updatedAt: Date) => ({ lastUpdated: updatedAt.toISOString() });

export function allergyIntolerance(a: AllergyRecord): AllergyIntolerance {
  const withdrawn = a.status === 'entered-in-error';
  return {
    resourceType: 'AllergyIntolerance',
    id: a._id,
    meta: meta(a.updatedAt),
    // ait-2: an entry in error has no clinical status.
    ...(withdrawn ? {} : { clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', a.status) }),
    verificationStatus: concept('http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', withdrawn ? 'entered-in-error' : 'confirmed'),
    code: { text: a.substance },
    patient: patientRef(a.patientId),
    recordedDate: a.notedOn,
    reaction: [{ manifestation: [{ text: a.reaction }], severity: a.severity }],
  };
}

export function condition(p: ProblemRecord, codeSetVersion?: string): Condition {
  const withdrawn = p.status === 'entered-in-error';
  return {
    resourceType: 'Condition',
    id: p._id,
    meta: meta(p.updatedAt),
    // con-5: an entry in error has no clinical status; con-4: an abatement needs a resolved status.
    ...(withdrawn ? {} : { clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/condition-clinical', p.status) }),
    verificationStatus: concept('http://terminology.hl7.org/CodeSystem/condition-ver-status', withdrawn ? 'entered-in-error' : 'confirmed'),
    category: [concept('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item', 'Problem List Item')],
    code: { coding: [{ system: ICD10CM, ...(codeSetVersion ? { version: codeSetVersion } : {}), code: p.code, display: p.description }], text: p.description },
    subject: patientRef(p.patientId),
    ...(p.onsetDate ? { onsetDateTime: p.onsetDate } : {}),
    ...(p.resolvedDate && p.status === 'resolved' ? { abatementDateTime: p.resolvedDate } : {}),
    recordedDate: p.recordedAt.toISOString(),
  };
}

/** The LOINC code and name of each vital sign (the FHIR vital-signs profiles). */
export const VITAL_SIGN_CODES: Record<VitalSign, { code: string; display: string; also?: { code: string; display: string } }> = {
  'blood-pressure': { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  pulse: { code: '8867-4', display: 'Heart rate' },
  temperature: { code: '8310-5', display: 'Body temperature' },
  'respiratory-rate': { code: '9279-1', display: 'Respiratory rate' },
  // The oxygen saturation profile codes 2708-6 and the pulse-oximetry 59408-5 together.
  spo2: { code: '2708-6', display: 'Oxygen saturation in Arterial blood', also: { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' } },
  height: { code: '8302-2', display: 'Body height' },
  weight: { code: '29463-7', display: 'Body weight' },
  bmi: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]' },
};

const quantity = (value: number, unit: string, code: string): Quantity => ({ value, unit, system: UCUM, code });
function valueOf(v: VitalsRecord, sign: VitalSign): Pick<Observation, 'valueQuantity' | 'component'> {
  const { bloodPressure, temperature, height, weight } = v;
  switch (sign) {
    case 'blood-pressure':
      return {
        component: bloodPressure && [
          { code: concept(LOINC, '8480-6', 'Systolic blood pressure'), valueQuantity: quantity(bloodPressure.systolic, 'mmHg', 'mm[Hg]') },
          { code: concept(LOINC, '8462-4', 'Diastolic blood pressure'), valueQuantity: quantity(bloodPressure.diastolic, 'mmHg', 'mm[Hg]') },
        ],
      };
    case 'pulse':
      return { valueQuantity: v.pulse === undefined ? undefined : quantity(v.pulse, 'beats/minute', '/min') };
    case 'temperature':
      return { valueQuantity: temperature && (temperature.unit === 'C' ? quantity(temperature.value, 'C', 'Cel') : quantity(temperature.value, 'F', '[degF]')) };
    case 'respiratory-rate':
      return { valueQuantity: v.respiratoryRate === undefined ? undefined : quantity(v.respiratoryRate, 'breaths/minute', '/min') };
    case 'spo2':
      return { valueQuantity: v.spo2 === undefined ? undefined : quantity(v.spo2, '%', '%') };
    case 'height':
      return { valueQuantity: height && (height.unit === 'cm' ? quantity(height.value, 'cm', 'cm') : quantity(height.value, 'in', '[in_i]')) };
    case 'weight':
      return { valueQuantity: weight && (weight.unit === 'kg' ? quantity(weight.value, 'kg', 'kg') : quantity(weight.value, 'lb', '[lb_av]')) };
    case 'bmi':
      return { valueQuantity: v.bmi === undefined ? undefined : quantity(v.bmi, 'kg/m2', 'kg/m2') };
  }
}

/** An Observation id: the vitals record's id and the sign (FHIR ids allow [A-Za-z0-9-.], up to 64). */
export const observationId = (vitalsId: string, sign: VitalSign) => `${vitalsId}.${sign}`;

/** The vitals record id and sign an Observation id names, or null. */
export function parseObservationId(id: string): { vitalsId: string; sign: VitalSign } | null {
  const at = id.lastIndexOf('.');
  if (at <= 0) return null;
  const sign = id.slice(at + 1) as VitalSign;
  return sign in VITAL_SIGN_CODES ? { vitalsId: id.slice(0, at), sign } : null;
}

export function observation(v: VitalsRecord, sign: VitalSign): Observation {
  const { code, display, also } = VITAL_SIGN_CODES[sign];
  return {
    resourceType: 'Observation',
    id: observationId(v._id, sign),
    meta: { ...meta(v.updatedAt), profile: ['http://hl7.org/fhir/StructureDefinition/vitalsigns'] },
    status: v.status === 'entered-in-error' ? 'entered-in-error' : 'final',
    category: [{ ...concept('http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs', 'Vital Signs'), text: 'Vital Signs' }],
    code: { coding: [{ system: LOINC, code, display }, ...(also ? [{ system: LOINC, ...also }] : [])], text: display },
    subject: patientRef(v.patientId),
    effectiveDateTime: v.takenAt.toISOString(),
    issued: v.recordedAt.toISOString(),
    ...Object.fromEntries(Object.entries(valueOf(v, sign)).filter(([, value]) => value !== undefined)),
  };
}
