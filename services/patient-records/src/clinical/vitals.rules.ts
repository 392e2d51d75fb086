/*
 * Vital signs as a medical assistant records them at check-in: each measure in its units, within
 * ranges a living patient in an outpatient clinic can have (wider than normal: a fever or a low
 * SpO2 is exactly what must be recorded; a systolic of 12 is a typo). BMI is computed from the
 * height and weight of the same record.
 */
import { HEIGHT_UNITS, HeightUnit, TEMPERATURE_UNITS, TemperatureUnit, VitalSign, WEIGHT_UNITS, WeightUnit } from '@clinic-flow/contracts';

export interface Measure<U extends string> {
  value: number;
  unit: U;
}

export interface Vitals {
  bloodPressure?: { systolic: number; diastolic: number };
  pulse?: number;
  temperature?: Measure<TemperatureUnit>;
  respiratoryRate?: number;
  spo2?: number;
  height?: Measure<HeightUnit>;
  weight?: Measure<WeightUnit>;
  bmi?: number;
}

export interface VitalsInput {
  bloodPressure?: { systolic: number; diastolic: number };
  pulse?: number;
  temperature?: { value: number; unit: string };
  respiratoryRate?: number;
  spo2?: number;
  height?: { value: number; unit: string };
  weight?: { value: number; unit: string };
}

/** Plausible range of each measure, per unit: [min, max] inclusive. */
export const PLAUSIBLE = {
  'bloodPressure.systolic': { mmHg: [50, 300] },
  'bloodPressure.diastolic': { mmHg: [20, 200] },
  pulse: { '/min': [20, 300] },
  temperature: { C: [25, 45], F: [77, 113] },
  respiratoryRate: { '/min': [4, 80] },
  spo2: { '%': [50, 100] },
  height: { cm: [20, 275], in: [8, 108] },
  weight: { kg: [0.3, 650], lb: [0.7, 1430] },
} as const;

export type VitalsProblem =
  | { code: 'CLINICAL.VITALS_EMPTY'; field: 'vitals'; message: string }
  | { code: 'CLINICAL.VITALS_UNIT_INVALID'; field: string; message: string }
  | { code: 'CLINICAL.VITALS_OUT_OF_RANGE'; field: string; message: string };

const UNITS: Record<'temperature' | 'height' | 'weight', readonly string[]> = { temperature: TEMPERATURE_UNITS, height: HEIGHT_UNITS, weight: WEIGHT_UNITS };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Every problem of a vitals record (empty when it may be stored): wrong units first, then ranges. */
export function vitalsProblems(input: VitalsInput): VitalsProblem[] {
  const problems: VitalsProblem[] = [];
  const measured = measuredSigns(input);
  if (!measured.length) return [{ code: 'CLINICAL.VITALS_EMPTY', field: 'vitals', message: 'Record at least one vital sign.' }];
  for (const field of ['temperature', 'height', 'weight'] as const) {
    const measure = input[field];
    if (measure && !UNITS[field].includes(measure.unit)) {
      problems.push({ code: 'CLINICAL.VITALS_UNIT_INVALID', field: `${field}.unit`, message: `${field} is measured in ${UNITS[field].join(' or ')}, not ${JSON.stringify(measure.unit)}.` });
    }
  }
  if (problems.length) return problems;
  const check = (field: keyof typeof PLAUSIBLE, value: number | undefined, unit: string) => {
    if (value === undefined) return;
    const [min, max] = (PLAUSIBLE[field] as Record<string, readonly [number, number]>)[unit];
    if (!Number.isFinite(value) || value < min || value > max) {
      problems.push({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', field, message: `${field} ${value} ${unit} is outside the plausible range ${min}–${max} ${unit}.` });
    }
  };
  check('bloodPressure.systolic', input.bloodPressure?.systolic, 'mmHg');
  check('bloodPressure.diastolic', input.bloodPressure?.diastolic, 'mmHg');
  if (input.bloodPressure && input.bloodPressure.diastolic >= input.bloodPressure.systolic) {
    problems.push({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', field: 'bloodPressure.diastolic', message: 'The diastolic pressure must be lower than the systolic.' });
  }
  check('pulse', input.pulse, '/min');
  check('temperature', input.temperature?.value, input.temperature?.unit ?? 'C');
  check('respiratoryRate', input.respiratoryRate, '/min');
  check('spo2', input.spo2, '%');
  check('height', input.height?.value, input.height?.unit ?? 'cm');
  check('weight', input.weight?.value, input.weight?.unit ?? 'kg');
  return problems;
}

/** kg/m², one decimal, from any of the accepted units. */
export function bodyMassIndex(height: Measure<HeightUnit>, weight: Measure<WeightUnit>): number {
  const meters = height.unit === 'cm' ? height.value / 100 : (height.value * 2.54) / 100;
  const kilograms = weight.unit === 'kg' ? weight.value : weight.value * 0.45359237;
  return round(kilograms / (meters * meters), 1);
}

/** The vitals to store from input vitalsProblems() accepted: units narrowed, BMI added when height and weight are there. */
export function acceptedVitals(input: VitalsInput): Vitals {
  const vitals: Vitals = {
    bloodPressure: input.bloodPressure && { systolic: input.bloodPressure.systolic, diastolic: input.bloodPressure.diastolic },
    pulse: input.pulse,
    temperature: input.temperature && { value: input.temperature.value, unit: input.temperature.unit as TemperatureUnit },
    respiratoryRate: input.respiratoryRate,
    spo2: input.spo2,
    height: input.height && { value: input.height.value, unit: input.height.unit as HeightUnit },
    weight: input.weight && { value: input.weight.value, unit: input.weight.unit as WeightUnit },
  };
  if (vitals.height && vitals.weight) vitals.bmi = bodyMassIndex(vitals.height, vitals.weight);
  return Object.fromEntries(Object.entries(vitals).filter(([, v]) => v !== undefined)) as Vitals;
}

/** Which signs a record holds, in a fixed order. */
export function measuredSigns(vitals: Vitals | VitalsInput): VitalSign[] {
  const present: Record<VitalSign, boolean> = {
    'blood-pressure': vitals.bloodPressure !== undefined,
    pulse: vitals.pulse !== undefined,
    temperature: vitals.temperature !== undefined,
    'respiratory-rate': vitals.respiratoryRate !== undefined,
    spo2: vitals.spo2 !== undefined,
    height: vitals.height !== undefined,
    weight: vitals.weight !== undefined,
    bmi: 'bmi' in vitals && vitals.bmi !== undefined,
  };
  return (Object.keys(present) as VitalSign[]).filter((sign) => present[sign]);
}
