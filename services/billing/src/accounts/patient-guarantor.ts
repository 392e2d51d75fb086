import { Inject, Injectable } from '@nestjs/common';
import type { PatientDto } from '@clinic-flow/contracts';
import { APP_CONFIG, CallerClient } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';
import type { GuarantorSnapshot } from '../ledger/accounts.schema';

/**
 * Billing keeps no copy of patients: the patient and their guarantor (the patient, or the
 * responsible party patient-records keeps) are read from `GET /patients/{id}` AS THE CALLER
 * (authorization and correlation id forwarded), so the care relationship decides. A 404/403 is
 * 404 PATIENT.NOT_FOUND here; no answer is 503. The account keeps a sealed snapshot for statements
 * (jobs have no service identity to ask with).
 */
@Injectable()
export class PatientGuarantor {
  private readonly patientRecords: CallerClient;

  constructor(@Inject(APP_CONFIG) config: BillingConfig) {
    this.patientRecords = new CallerClient({ service: 'patient-records', baseUrl: config.PATIENT_RECORDS_URL, timeoutMs: config.PATIENT_RECORDS_TIMEOUT_MS });
  }

  async open(patientId: string): Promise<GuarantorSnapshot> {
    const patient = await this.patientRecords.get<PatientDto>(
      `/patients/${encodeURIComponent(patientId)}`,
      'PATIENT.NOT_FOUND',
      `There is no patient ${patientId}.`,
      'patient-records could not confirm the patient right now; try again shortly.',
    );
    return snapshotOf(patient);
  }
}

/** The guarantor to bill: a responsible party with their own name and address, else the patient. */
export function snapshotOf(p: PatientDto): GuarantorSnapshot {
  const g = p.guarantor;
  const party = g && g.kind === 'responsible-party' && g.firstName && g.lastName ? { ...g, firstName: g.firstName, lastName: g.lastName } : null;
  const address = party ? party.address : p.address;
  const email = party ? party.email : p.email;
  const phone = party ? party.phone : p.phone;
  return {
    kind: party ? 'responsible-party' : 'self',
    firstName: party ? party.firstName : p.firstName,
    lastName: party ? party.lastName : p.lastName,
    ...(party?.relationship ? { relationship: party.relationship } : {}),
    ...(address ? { address: { line1: address.line1, ...(address.line2 ? { line2: address.line2 } : {}), city: address.city, state: address.state, postalCode: address.postalCode, ...(address.country ? { country: address.country } : {}) } } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    patientFirstName: p.firstName,
    patientLastName: p.lastName,
  };
}
