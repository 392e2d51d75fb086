import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import type { PatientDto } from '@clinic-flow/contracts';
import { APP_CONFIG, CORRELATION_HEADER, DomainError, errorMessageForLog, notFound, workContext } from '@clinic-flow/platform';
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
  private readonly logger = new Logger(PatientGuarantor.name);

  constructor(@Inject(APP_CONFIG) private readonly config: BillingConfig) {}

  async open(patientId: string): Promise<GuarantorSnapshot> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    let status = 0;
    let patient: PatientDto | undefined;
    try {
      const res = await request(new URL(`/patients/${encodeURIComponent(patientId)}`, this.config.PATIENT_RECORDS_URL), {
        headers,
        headersTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
        bodyTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
      });
      status = res.statusCode;
      if (status === 200) patient = (await res.body.json()) as PatientDto;
      else await res.body.dump();
    } catch (error) {
      this.logger.warn(`patient-records did not answer for patient ${patientId}: ${errorMessageForLog(error)}`);
    }
    if (status === 200 && patient) return snapshotOf(patient);
    if (status === 404 || status === 403) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    throw new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', 'patient-records could not confirm the patient right now; try again shortly.', { service: 'patient-records' });
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
