import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CallerClient } from '@clinic-flow/platform';
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
  private readonly patientRecords: CallerClient;

  constructor(@Inject(APP_CONFIG) config: BillingConfig) {
    this.patientRecords = new CallerClient({ service: 'patient-records', baseUrl: config.PATIENT_RECORDS_URL, timeoutMs: config.PATIENT_RECORDS_TIMEOUT_MS });
  }

  async take(patientId: string): Promise<PatientSnapshot> {
    const body = await this.patientRecords.get<PatientBody>(
      `/patients/${encodeURIComponent(patientId)}`,
      'PATIENT.NOT_FOUND',
      `There is no patient ${patientId}.`,
      'patient-records could not give the patient a claim names right now; try again shortly (nothing was changed).',
    );
    const a = body.address;
    return {
      firstName: body.firstName, ...(body.middleName ? { middleName: body.middleName } : {}), lastName: body.lastName, dateOfBirth: body.dateOfBirth,
      ...(body.sexAtBirth ? { sexAtBirth: body.sexAtBirth } : {}),
      ...(a ? { address: { line1: a.line1, ...(a.line2 ? { line2: a.line2 } : {}), city: a.city, state: a.state, postalCode: a.postalCode, ...(a.country ? { country: a.country } : {}) } } : {}),
      takenAt: new Date(),
    };
  }
}
