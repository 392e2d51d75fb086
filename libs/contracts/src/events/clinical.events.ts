/*
 * The clinical-administrative record's events. They carry ids, statuses and codes, never the free
 * text of an entry (substance, reaction, medication name, notes) nor measured values: consumers
 * (timeline, billing's claim scrubber) read those from patient-records when they need them.
 * Subject (Kafka key) = the patient id, so one patient's events stay in order.
 */
import { IsArray, IsDateString, IsIn, IsOptional, IsString } from 'class-validator';
import {
  ALLERGY_SEVERITIES,
  ALLERGY_STATUSES,
  AllergySeverity,
  AllergyStatus,
  MEDICATION_STATUSES,
  MedicationStatus,
  PROBLEM_STATUSES,
  ProblemStatus,
  VITAL_SIGNS,
  VitalSign,
  VITALS_STATUSES,
  VitalsStatus,
} from '../clinical';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

class ClinicalEntryEventData {
  @IsString() patientId: string;
  @IsString() entryId: string;
  @IsString() siteId: string;
  /** User who recorded or changed it. */
  @IsString() by: string;
  @IsDateString({ strict: true }) at: string;
}

export class AllergyRecordedData extends ClinicalEntryEventData {
  @IsIn(ALLERGY_SEVERITIES) severity: AllergySeverity;
  @IsIn(ALLERGY_STATUSES) status: AllergyStatus;
}
export class AllergyUpdatedData extends AllergyRecordedData {
  /** Names of the fields that changed (status, severity, substance, ...). */
  @IsArray() @IsString({ each: true }) changed: string[];
  /** Why it was marked entered-in-error; absent otherwise. */
  @IsOptional() @IsString() reason?: string;
}

export class ProblemRecordedData extends ClinicalEntryEventData {
  /** ICD-10-CM code, with its dot (E11.9). */
  @IsString() code: string;
  @IsIn(PROBLEM_STATUSES) status: ProblemStatus;
}
export class ProblemUpdatedData extends ProblemRecordedData {
  @IsArray() @IsString({ each: true }) changed: string[];
  @IsOptional() @IsString() reason?: string;
  /** The code before a correction of the code. */
  @IsOptional() @IsString() previousCode?: string;
}

export class MedicationRecordedData extends ClinicalEntryEventData {
  @IsIn(MEDICATION_STATUSES) status: MedicationStatus;
}
export class MedicationUpdatedData extends MedicationRecordedData {
  @IsArray() @IsString({ each: true }) changed: string[];
  @IsOptional() @IsString() reason?: string;
}

export class VitalsRecordedData extends ClinicalEntryEventData {
  @IsIn(VITALS_STATUSES) status: VitalsStatus;
  /** What was measured (values stay in patient-records). */
  @IsArray() @IsIn(VITAL_SIGNS, { each: true }) measured: VitalSign[];
  @IsDateString({ strict: true }) takenAt: string;
  @IsOptional() @IsString() appointmentId?: string;
}
export class VitalsUpdatedData extends VitalsRecordedData {
  @IsArray() @IsString({ each: true }) changed: string[];
  @IsOptional() @IsString() reason?: string;
}

const clinical = <T extends object>(type: string, description: string, data: new () => T) =>
  defineEvent({ type, version: 1, topic: Topics.patients, producer: 'patient-records', description, data });

export const AllergyRecordedV1 = clinical('patient.allergy-recorded', 'An allergy was added to a patient\'s record (severity and status; the substance stays in patient-records).', AllergyRecordedData);
export const AllergyUpdatedV1 = clinical('patient.allergy-updated', 'An allergy was corrected or changed status (entered-in-error withdraws it).', AllergyUpdatedData);
export const ProblemRecordedV1 = clinical('patient.problem-recorded', 'A problem coded in ICD-10-CM (billable code) was added to a patient\'s problem list.', ProblemRecordedData);
export const ProblemUpdatedV1 = clinical('patient.problem-updated', 'A problem was resolved, re-activated, re-coded or marked entered-in-error.', ProblemUpdatedData);
export const MedicationRecordedV1 = clinical('patient.medication-recorded', 'A medication was added to a patient\'s medication list.', MedicationRecordedData);
export const MedicationUpdatedV1 = clinical('patient.medication-updated', 'A medication was corrected or changed status (stopped, completed, entered-in-error).', MedicationUpdatedData);
export const VitalsRecordedV1 = clinical('patient.vitals-recorded', 'Vital signs were recorded (which ones; values stay in patient-records), optionally at an appointment.', VitalsRecordedData);
export const VitalsUpdatedV1 = clinical('patient.vitals-updated', 'A vitals record was marked entered-in-error.', VitalsUpdatedData);
