import { HttpException } from '@nestjs/common';
import { PatientDto } from '@clinic-flow/contracts';
import { unprocessable } from '@clinic-flow/platform';
import { UpstreamClient } from '../upstream/upstream.client';

/** Scheduling does not read patient records: the gateway checks a patient with its owner first. */
export async function assertPatientExists(upstream: UpstreamClient, patientId: string, code: string): Promise<void> {
  await upstream.call<PatientDto>('patient-records', 'GET', `/patients/${encodeURIComponent(patientId)}`).catch((error: unknown) => {
    if (error instanceof HttpException && error.getStatus() === 404) throw unprocessable(code, `There is no patient ${patientId}.`);
    throw error;
  });
}
