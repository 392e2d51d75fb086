import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CallerClient } from '@clinic-flow/platform';
import type { InsuranceConfig } from '../config';

/** What an eligibility inquiry needs of the patient. */
export interface VisiblePatient {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex?: string;
}

/**
 * Insurance keeps no copy of patients: whether a patient exists and the caller may see them (the
 * care relationship, break the glass) is asked of patient-records' `GET /patients/{id}`, as the
 * caller (their authorization and correlation id forwarded). Its 404 — no such patient, or one
 * outside the caller's care relationship — is a 404 PATIENT.NOT_FOUND here too; no answer is 503.
 */
@Injectable()
export class PatientCheck {
  private readonly patientRecords: CallerClient;

  constructor(@Inject(APP_CONFIG) config: InsuranceConfig) {
    this.patientRecords = new CallerClient({ service: 'patient-records', baseUrl: config.PATIENT_RECORDS_URL, timeoutMs: config.PATIENT_RECORDS_TIMEOUT_MS });
  }

  async assertVisible(patientId: string): Promise<void> {
    await this.open(patientId);
  }

  /** The patient as patient-records shows them to the caller (an eligibility inquiry names the patient). */
  async open(patientId: string): Promise<VisiblePatient> {
    const body = await this.patientRecords.get<VisiblePatient>(
      `/patients/${encodeURIComponent(patientId)}`,
      'PATIENT.NOT_FOUND',
      `There is no patient ${patientId}.`,
      'patient-records could not confirm the patient right now; try again shortly.',
    );
    return { id: body.id, firstName: body.firstName, lastName: body.lastName, dateOfBirth: body.dateOfBirth, ...(body.sex ? { sex: body.sex } : {}) };
  }
}
