import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import { APP_CONFIG, CORRELATION_HEADER, DomainError, errorMessageForLog, notFound, workContext } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';
import type { PatientSnapshot } from './encounters.schema';

type PatientBody = { id: string; firstName: string; middleName?: string; lastName: string; dateOfBirth: string; sexAtBirth?: string; address?: PatientSnapshot['address'] };

/**
 * Billing keeps no copy of patients: when a person codes an encounter, the patient a claim will
 * name (name, date of birth, sex, address) is read from patient-records' `GET /patients/{id}` as
 * that person (their authorization and correlation id forwarded, so the care relationship and
 * patient-records' own audit apply) and kept on the encounter, sealed. Its 404 is a 404 here;
 * no answer is 503.
 */
@Injectable()
export class PatientSnapshots {
  private readonly logger = new Logger(PatientSnapshots.name);

  constructor(@Inject(APP_CONFIG) private readonly config: BillingConfig) {}

  async take(patientId: string): Promise<PatientSnapshot> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    let status = 0;
    let body: PatientBody | undefined;
    try {
      const res = await request(new URL(`/patients/${encodeURIComponent(patientId)}`, this.config.PATIENT_RECORDS_URL), {
        headers, headersTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS, bodyTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
      });
      status = res.statusCode;
      if (status === 200) body = (await res.body.json()) as PatientBody;
      else await res.body.dump();
    } catch (error) {
      this.logger.warn(`patient-records did not answer for patient ${patientId}: ${errorMessageForLog(error)}`);
    }
    if (status === 200 && body) {
      const a = body.address;
      return {
        firstName: body.firstName, ...(body.middleName ? { middleName: body.middleName } : {}), lastName: body.lastName, dateOfBirth: body.dateOfBirth,
        ...(body.sexAtBirth ? { sexAtBirth: body.sexAtBirth } : {}),
        ...(a ? { address: { line1: a.line1, ...(a.line2 ? { line2: a.line2 } : {}), city: a.city, state: a.state, postalCode: a.postalCode, ...(a.country ? { country: a.country } : {}) } } : {}),
        takenAt: new Date(),
      };
    }
    if (status === 404 || status === 403) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    throw new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', 'patient-records could not give the patient a claim names right now; try again shortly (nothing was changed).', { service: 'patient-records' });
  }
}
