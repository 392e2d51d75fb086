/** The clinical-administrative record (allergies, problems, medications, vitals): its value sets, shared by API and events. */
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

/** `entered-in-error` is how an entry is withdrawn: nothing clinical is deleted. */
export const ALLERGY_STATUSES = ['active', 'inactive', 'resolved', 'entered-in-error'] as const;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];

export const PROBLEM_STATUSES = ['active', 'resolved', 'entered-in-error'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const MEDICATION_STATUSES = ['active', 'stopped', 'completed', 'entered-in-error'] as const;
export type MedicationStatus = (typeof MEDICATION_STATUSES)[number];

export const VITALS_STATUSES = ['final', 'entered-in-error'] as const;
export type VitalsStatus = (typeof VITALS_STATUSES)[number];

export const TEMPERATURE_UNITS = ['C', 'F'] as const;
export type TemperatureUnit = (typeof TEMPERATURE_UNITS)[number];
export const HEIGHT_UNITS = ['cm', 'in'] as const;
export type HeightUnit = (typeof HEIGHT_UNITS)[number];
export const WEIGHT_UNITS = ['kg', 'lb'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

/** What one vitals record can measure (the names events and FHIR ids use). */
export const VITAL_SIGNS = ['blood-pressure', 'pulse', 'temperature', 'respiratory-rate', 'spo2', 'height', 'weight', 'bmi'] as const;
export type VitalSign = (typeof VITAL_SIGNS)[number];

export const CLINICAL_ENTRY_KINDS = ['allergy', 'problem', 'medication', 'vitals'] as const;
export type ClinicalEntryKind = (typeof CLINICAL_ENTRY_KINDS)[number];
