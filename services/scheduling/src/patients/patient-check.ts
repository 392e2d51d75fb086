import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import { APP_CONFIG, CORRELATION_HEADER, DomainError, errorMessageForLog, traceHeaders, unprocessable, workContext } from '@clinic-flow/platform';
import { MergedPatientsRepository } from './merged-patients.repository';
import type { SchedulingConfig } from '../config';
import { PatientNamesRepository } from './patient-names.repository';

/**
 * Booking and waitlisting need a real patient. The projection of patient-records' events (the names
 * copy) answers almost always, for a patient of any site: booking is how a patient of one site
 * comes to be seen at another (a downtown patient booked at Riverside), and the appointment is what
 * puts the patient in the care relationship of the booking site (patient-records learns it from
 * appointment.booked). The caller found the patient's id by searching their own patients, by
 * breaking the glass, or from the patient; ids are not guessable. Whether the caller may book at
 * the appointment's site is checked by booking. A patient registered a moment ago may not be in
 * the copy yet, so a miss asks patient-records itself, as the caller: it answers 404 both for no
 * such patient and for a patient outside the caller's care relationship (which is then refused
 * here with 422 until the copy has the patient, or the caller breaks the glass).
 */
@Injectable()
export class PatientCheck {
  private readonly logger = new Logger(PatientCheck.name);

  constructor(
    private readonly names: PatientNamesRepository,
    private readonly merged: MergedPatientsRepository,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  /** Throws 422 with `code` when there is no such patient, 409 PATIENT.MERGED (with survivorId) for a record merged into another. */
  async assertExists(patientId: string, code: string): Promise<void> {
    const survivorId = await this.merged.survivorOf(patientId);
    if (survivorId) throw new DomainError('conflict', 'PATIENT.MERGED', `Patient ${patientId} was merged into ${survivorId}; book for that record.`, { survivorId });
    if ((await this.names.findMany([patientId])).has(patientId)) return;
    const status = await this.askPatientRecords(patientId);
    if (status === 404) throw unprocessable(code, `There is no patient ${patientId}.`);
    if (status !== 200) {
      throw new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', 'patient-records could not confirm the patient right now; try again shortly.', { service: 'patient-records' });
    }
  }

  private async askPatientRecords(patientId: string): Promise<number> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId(), ...traceHeaders() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    try {
      const res = await request(new URL(`/patients/${encodeURIComponent(patientId)}`, this.config.PATIENT_RECORDS_URL), {
        headers,
        headersTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
        bodyTimeout: this.config.PATIENT_RECORDS_TIMEOUT_MS,
      });
      await res.body.dump();
      return res.statusCode;
    } catch (error) {
      this.logger.warn(`patient-records did not answer for patient ${patientId}: ${errorMessageForLog(error)}`);
      return 0;
    }
  }
}
