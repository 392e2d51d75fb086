import { Injectable } from '@nestjs/common';
import { auditContext } from '@clinic-flow/audit';
import { SiteScope } from '@clinic-flow/auth';
import { DomainError, notFound } from '@clinic-flow/platform';
import { BreakGlassRepository } from './break-glass.repository';
import { SitesRepository } from '../sites/sites.repository';
import { CareAccess, careAccess, patientSites } from './care-relationship.rules';
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
  /**
   * The caller's scope widened to the patient's sites: read and write this patient's entries with
   * it (they are kept under the patient's sites, which need not be the caller's: a visit at the
   * caller's site, or breaking the glass, lets them see a patient registered elsewhere). Only for
   * entries of this patient, found by its recordIds or checked to belong to it.
   */
  scope: SiteScope;
  /** How the caller came to see the patient. */
  access: Exclude<CareAccess, 'none'> | 'service';
  /** Set when the caller sees the patient only because they broke the glass (the reason they gave, and when). */
  breakGlass?: { reason: string; at: string };
}

/** Puts the opened patient (and any glass broken to open it) on the request's audit trail. */
function noted(opened: OpenedPatient): OpenedPatient {
  auditContext.notePatient(opened.patient._id, opened.breakGlass);
  return opened;
}

/** Reads patients and accesses before the caller's right to them is known; the rule below decides. */
const LOOKUP = SiteScope.service('care-relationship check');

const patientNotFound = (patientId: string) => notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);

/**
 * The one place that decides whether a caller may open a patient's record. Every feature that
 * keeps something about a patient (clinical entries, documents, consents, letters) opens the patient
 * here first, so the access rule and merges change in one place only.
 *
 * The rule is the care relationship (care-relationship.rules.ts): the patient is registered at, or
 * has had an appointment at, one of the caller's sites; or the caller works at every site; or the
 * caller broke the glass for this patient and the access has not ended. Anyone else gets 404
 * PATIENT.NOT_FOUND, the same answer as for an id that does not exist, so nothing tells them the
 * patient is there.
 */
@Injectable()
export class PatientAccess {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly sites: SitesRepository,
    private readonly breakGlass: BreakGlassRepository,
  ) {}

  async open(scope: SiteScope, patientId: string): Promise<OpenedPatient> {
    const seen = await this.see(scope, patientId);
    if (!seen) throw patientNotFound(patientId);
    const { patient } = seen;
    assertNotMerged(patient);
    return noted({
      patient,
      recordIds: [patient._id, ...(patient.mergedPatientIds ?? [])],
      siteId: patient.registeredAtSiteId,
      scope: scope.including(patientSites(patient)),
      access: seen.access,
      ...(seen.breakGlass ? { breakGlass: seen.breakGlass } : {}),
    });
  }

  /**
   * The patient an entry kept under `recordId` belongs to: that record, or its survivor when it was
   * merged (its entries moved with the merge). For reads of one entry by its own id (FHIR
   * `DocumentReference/{id}`), where the caller never named a patient.
   */
  async openOwner(scope: SiteScope, recordId: string): Promise<OpenedPatient> {
    const record = await this.patients.findById(LOOKUP, recordId);
    return this.open(scope, record?.mergedIntoPatientId ?? recordId);
  }

  /**
   * One entry named by its own id (a document, a referral, a letter, a clinical entry) and
   * the patient it belongs to, opened as `openOwner` opens it. An entry of a patient the caller may
   * not see answers exactly like an entry that does not exist: `missing()`, the feature's own 404.
   * `find` reads with the scope it is given (wide enough for any entry); what it returns is the
   * caller's only if its patient opens.
   */
  async openEntry<T extends { patientId: string }>(scope: SiteScope, find: (lookup: SiteScope) => Promise<T | null>, missing: () => Error): Promise<{ entry: T; opened: OpenedPatient }> {
    const entry = await find(LOOKUP);
    if (!entry) throw missing();
    try {
      return { entry, opened: await this.openOwner(scope, entry.patientId) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PATIENT.NOT_FOUND') throw missing();
      throw error;
    }
  }

  /**
   * The record if the caller may see it, merged or not (a merge names both records; the duplicate
   * check and search use the same rule through the index): null when there is none or it is not
   * the caller's to see.
   */
  async visible(scope: SiteScope, patientId: string): Promise<PatientRecord | null> {
    return (await this.see(scope, patientId))?.patient ?? null;
  }

  private async see(scope: SiteScope, patientId: string): Promise<{ patient: PatientRecord; access: OpenedPatient['access']; breakGlass?: OpenedPatient['breakGlass'] } | null> {
    const patient = await this.patients.findById(LOOKUP, patientId);
    if (!patient) return null;
    if (scope.isService) return { patient, access: 'service' };
    const now = new Date();
    const networkSiteIds = await this.sites.networkSiteIds();
    const access = careAccess({ viewer: scope, patient, networkSiteIds, now });
    if (access !== 'none') return { patient, access };
    const recordIds = [patient._id, ...(patient.mergedPatientIds ?? [])];
    const glass = await this.breakGlass.latestActive(scope.actor, recordIds, now);
    if (careAccess({ viewer: scope, patient, networkSiteIds, breakGlassUntil: glass && new Date(glass.until), now }) !== 'break-glass') return null;
    return { patient, access: 'break-glass', breakGlass: { reason: glass!.reason, at: new Date(glass!.at).toISOString() } };
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
