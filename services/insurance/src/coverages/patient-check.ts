import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import { APP_CONFIG, CORRELATION_HEADER, DomainError, errorMessageForLog, notFound, workContext } from '@clinic-flow/platform';
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
  private readonly logger = new Logger(PatientCheck.name);

  constructor(@Inject(APP_CONFIG) private readonly config: InsuranceConfig) {}

  async assertVisible(patientId: string): Promise<void> {
    await this.open(patientId);
  }

  /** The patient as patient-records shows them to the caller (an eligibility inquiry names the patient). */
  async open(patientId: string): Promise<VisiblePatient> {
    const { status, patient } = await this.ask(patientId);
    if (status === 200 && patient) return patient;
    if (status === 404 || status === 403) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    throw new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', 'patient-records could not confirm the patient right now; try again shortly.', { service: 'patient-records' });
  }

  private async ask(patientId: string): Promise<{ status: number; patient?: VisiblePatient }> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    try {
      const res = await request(new URL(`/patients/${encodeURIComponent(patientId)}`, this.config.PATIENT_RECORDS_URL), {
        headers,
        headersTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
        bodyTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        return { status: res.statusCode };
      }
      const body = (await res.body.json()) as VisiblePatient;
      return { status: 200, patient: { id: body.id, firstName: body.firstName, lastName: body.lastName, dateOfBirth: body.dateOfBirth, ...(body.sex ? { sex: body.sex } : {}) } };
    } catch (error) {
      this.logger.warn(`patient-records did not answer for patient ${patientId}: ${errorMessageForLog(error)}`);
      return { status: 0 };
    }
  }
}
