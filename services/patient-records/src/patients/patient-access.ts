import { Injectable } from '@nestjs/common';
import { auditContext } from '@clinic-flow/audit';
import { SiteScope } from '@clinic-flow/auth';
import { DomainError, notFound } from '@clinic-flow/platform';
import { PatientsRepository } from './patients.repository';
import { PatientRecord } from './patients.schema';

/** A patient the caller may work on, and the record ids whose entries belong to them. */
export interface OpenedPatient {
  patient: PatientRecord;
  /**
   * The patient's id and the ids of records merged into it: entries kept under any of them
   * (clinical entries, documents, consents, ...) belong to this patient. Lists read by these ids.
   */
  recordIds: string[];
  /** The site entries written for this patient are kept under (the site scope of those entries). */
  siteId: string;
  /** Set when the caller opened the record by breaking the glass, with the reason they gave. */
  breakGlass?: { reason: string; at: string };
}

/** Puts the opened patient (and any glass broken to open it) on the request's audit trail. */
function noted(opened: OpenedPatient): OpenedPatient {
  auditContext.notePatient(opened.patient._id, opened.breakGlass);
  return opened;
}

/**
 * The one place that decides whether a caller may open a patient's record. Every feature that
 * keeps something about a patient (clinical entries, documents, consents, letters) opens the patient
 * here first, so the access rule and merges change in one place only.
 */
@Injectable()
export class PatientAccess {
  constructor(private readonly patients: PatientsRepository) {}

  async open(scope: SiteScope, patientId: string): Promise<OpenedPatient> {
    const patient = await this.patients.findById(scope, patientId);
    if (!patient) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    assertNotMerged(patient);
    return noted({ patient, recordIds: [patient._id, ...(patient.mergedPatientIds ?? [])], siteId: patient.registeredAtSiteId });
  }

  /**
   * The patient an entry kept under `recordId` belongs to: that record, or its survivor when it was
   * merged (its entries moved with the merge). For reads of one entry by its own id (FHIR
   * `DocumentReference/{id}`), where the caller never named a patient.
   */
  async openOwner(scope: SiteScope, recordId: string): Promise<OpenedPatient> {
    const record = await this.patients.findById(scope, recordId);
    return this.open(scope, record?.mergedIntoPatientId ?? recordId);
  }
}

/**
 * A record merged into another opens no more: 409 PATIENT.MERGED with the survivor's id in
 * `survivorId`, so a caller holding the old id (a bookmark, a paper chart) is sent to the right
 * record instead of writing onto one that stopped counting. It is not followed silently: a write
 * meant for one id must not land on another without the caller knowing.
 */
export function assertNotMerged(patient: PatientRecord): void {
  if (patient.mergedIntoPatientId) {
    throw new DomainError('conflict', 'PATIENT.MERGED', `Patient ${patient._id} was merged into ${patient.mergedIntoPatientId}; open that record.`, {
      survivorId: patient.mergedIntoPatientId,
    });
  }
}
