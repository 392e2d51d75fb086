import { SetMetadata } from '@nestjs/common';
import type { PatientSubject } from './patient-ids';

export const AUDIT_KEY = 'clinic-flow:audit';

export interface AuditOptions {
  /** Override of read/write from the method (a POST that writes nothing, like a duplicate check, is a read). */
  access?: 'read' | 'write';
  /** `patient`: the answer is a patient or a list of patients (their `id`s are patient ids). */
  subject?: PatientSubject;
  /** How a caller without an account got in (a patient's signed link). */
  via?: string;
}

/**
 * Routes (or a controller's routes) that read or change patient data: every call is written to the
 * audit trail before its answer leaves, and a write also before it runs.
 */
export const AuditPatientData = (options: AuditOptions = {}) => SetMetadata(AUDIT_KEY, options);
