import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Duration } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { MergePatientRequest, PatientMergeDto, PatientMergedData, PatientMergedV1, PatientUnmergedData, PatientUnmergedV1, UnmergePatientRequest } from '@clinic-flow/contracts';
import { DocumentLocks, EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog, notFound, unprocessable } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { careSitesAfterVisit, patientSites } from '../patients/care-relationship.rules';
import { PatientAccess } from '../patients/patient-access';
import { PatientsRepository } from '../patients/patients.repository';
import { PatientRecord } from '../patients/patients.schema';
import { mergeRefusal, offeredFields, undoRefusal } from './merges.rules';
import { PatientMergeRecord } from './merges.schema';
import { MergesRepository } from './merges.repository';

/** Patient-records completing a merge or unmerge from its own event (after a crash, or a second time: harmless). */
const RECOVERY = SiteScope.service('completing a patient merge or unmerge from its event');

const toDto = (m: PatientMergeRecord): PatientMergeDto => ({
  id: m._id,
  survivorId: m.survivorId,
  mergedPatientId: m.mergedPatientId,
  mergedMrn: m.mergedMrn,
  status: m.unmerge ? 'unmerged' : 'merged',
  reason: m.reason,
  mergedBy: m.mergedBy,
  mergedAt: m.mergedAt.toISOString(),
  undoableUntil: m.undoableUntil.toISOString(),
  offered: m.offered ?? [],
  unmerge: m.unmerge && { unmergedBy: m.unmerge.by, unmergedAt: m.unmerge.at.toISOString(), reason: m.unmerge.reason },
});

/*
 * Merge and unmerge without multi-document transactions. A merge changes two patient documents
 * (and writes a history line); FerretDB cannot write them atomically, so one write is the commit
 * point and everything after it is derived from it, idempotently:
 *
 * 1. the merged record: `mergedIntoPatientId`, the merge's id, reason and undo deadline, and the
 *    `patient.merged` event in its outbox: ONE atomic write, guarded by the aggregate store's
 *    compare-and-set and by the rules checked again on the record as it is at that moment (so two
 *    merges of one record cannot both win). From here on the merge has happened: the record no
 *    longer opens, and every service learns it from the event, which the outbox relay publishes
 *    even if the process dies right after this write (its sweep finds it at the next start);
 * 2. the survivor: the merged id added to `mergedPatientIds` (`$addToSet`: harmless twice);
 * 3. the history line, inserted under the merge id (insert-once).
 *
 * Steps 2 and 3 run in the request, and again when patient-records consumes its own
 * `patient.merged`: a crash between 1 and 2 (or 2 and 3) is completed by the consumer, and a
 * second run changes nothing. The consumer completes only the merge the record is still in
 * (a redelivered event of a merge undone since adds nothing back). An unmerge is the mirror image:
 * the merged record is the commit point again (cleared, `lastUnmerge` kept, `patient.unmerged` in
 * its outbox), then the survivor's list and the history line follow from it.
 * Merges and unmerges are serialized within the process (they are rare, and a merge reads two
 * records); across instances (MongoDB only) the compare-and-set in step 1 decides.
 */
@Injectable()
export class MergesService {
  private readonly logger = new Logger(MergesService.name);
  private readonly undoWindowMs: number;

  constructor(
    private readonly patients: PatientsRepository,
    private readonly merges: MergesRepository,
    private readonly events: EventFactory,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: PatientRecordsConfig,
    private readonly access: PatientAccess,
  ) {
    this.undoWindowMs = Duration.fromISO(config.PATIENT_MERGE_UNDO_WINDOW).toMillis();
  }

  async merge(survivorId: string, request: MergePatientRequest, user: AuthUser): Promise<PatientMergeDto> {
    const caller = SiteScope.of(user);
    return this.locks.run('patient-merges', async () => {
      // Both records must be the caller's to see (PatientAccess's rule); unseen ones answer as missing ones.
      const survivor = await this.access.visible(caller, survivorId);
      if (!survivor) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${survivorId}.`);
      const merged = await this.access.visible(caller, request.mergedPatientId);
      const scope = merged ? caller.including([...patientSites(survivor), ...patientSites(merged)]) : caller;
      if (!merged) throw unprocessable('PATIENT_MERGE.MERGED_PATIENT_NOT_FOUND', `There is no patient ${request.mergedPatientId}.`);
      const refusal = mergeRefusal(survivor, merged);
      if (refusal) throw refusal;

      const mergedAt = new Date();
      const mark = { id: randomUUID(), reason: request.reason.trim(), by: user.id, at: mergedAt, undoableUntil: new Date(mergedAt.getTime() + this.undoWindowMs) };
      const offered = offeredFields(survivor, merged);
      const data: PatientMergedData = {
        mergeId: mark.id,
        survivorId,
        mergedPatientId: merged._id,
        mergedBy: user.id,
        mergedAt: mergedAt.toISOString(),
        undoableUntil: mark.undoableUntil.toISOString(),
      };
      // 1. The commit point: the merged record and its event, one write.
      await this.patients.update(scope, merged._id, (current) => {
        const late = mergeRefusal(survivor, current);
        if (late) throw late;
        const event = this.events.outboxEntry(PatientMergedV1, { subject: merged._id, siteId: survivor.registeredAtSiteId, data });
        return { set: { mergedIntoPatientId: survivorId, merge: mark, updatedAt: mergedAt }, events: [event] };
      });
      // 2 and 3: derived from it; the consumer of patient.merged finishes them if this fails.
      const history = await this.completeMerge(data).catch((error: unknown) => {
        this.logger.warn(`merge ${mark.id} committed; completing it failed and is left to its event: ${errorMessageForLog(error)}`);
        return null;
      });
      return toDto(history ?? { ...historyOf(data, survivor, merged, mark.reason, offered), version: 1 });
    });
  }

  async unmerge(survivorId: string, mergeId: string, request: UnmergePatientRequest, user: AuthUser): Promise<PatientMergeDto> {
    const caller = SiteScope.of(user);
    return this.locks.run('patient-merges', async () => {
      const missing = () => notFound('PATIENT_MERGE.NOT_FOUND', `Patient ${survivorId} has no merge ${mergeId}.`);
      const history = await this.merges.findById(RECOVERY, mergeId);
      if (!history || history.survivorId !== survivorId) throw missing();
      // Both records must be the caller's to see, as for the merge; a merge of records they do not see answers as a missing one.
      const survivor = await this.access.visible(caller, survivorId);
      const merged = await this.access.visible(caller, history.mergedPatientId);
      if (!survivor || !merged) throw missing();
      const scope = caller.including([...patientSites(survivor), ...patientSites(merged)]);
      const now = new Date();
      const data: PatientUnmergedData = { mergeId, survivorId, mergedPatientId: merged._id, unmergedBy: user.id, unmergedAt: now.toISOString() };
      await this.patients.update(scope, merged._id, (current) => {
        const refusal = undoRefusal(current, mergeId, now);
        if (refusal) throw refusal;
        const event = this.events.outboxEntry(PatientUnmergedV1, { subject: merged._id, siteId: survivor.registeredAtSiteId, data });
        return {
          set: { mergedIntoPatientId: undefined, merge: undefined, lastUnmerge: { mergeId, reason: request.reason.trim(), by: user.id, at: now }, updatedAt: now },
          events: [event],
        };
      });
      const completed = await this.completeUnmerge(data).catch((error: unknown) => {
        this.logger.warn(`unmerge of ${mergeId} committed; completing it failed and is left to its event: ${errorMessageForLog(error)}`);
        return null;
      });
      return toDto(completed ?? { ...history, unmerge: { by: user.id, at: now, reason: request.reason.trim() } });
    });
  }

  /** The merge history of a patient (as survivor or as merged record), newest first. */
  async history(patientId: string, user: AuthUser): Promise<PatientMergeDto[]> {
    const caller = SiteScope.of(user);
    const patient = await this.access.visible(caller, patientId);
    if (!patient) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    return (await this.merges.findForPatient(caller.including(patientSites(patient)), patientId)).map(toDto);
  }

  /**
   * Steps 2 and 3 of a merge, from what the merged record says now: nothing if the record is no
   * longer in this merge (undone since), otherwise the survivor's list and the history line, each
   * written once however often this runs.
   */
  async completeMerge(data: PatientMergedData): Promise<PatientMergeRecord | null> {
    const merged = await this.patients.findById(RECOVERY, data.mergedPatientId);
    if (!merged?.merge || merged.merge.id !== data.mergeId) return null;
    // The survivor gains the merged record's sites (registering and care sites): whoever saw either record sees the person.
    const survivor = await this.patients.update(RECOVERY, data.survivorId, (current) => {
      const careSiteIds = careSitesAfterVisit(current, patientSites(merged));
      if (current.mergedPatientIds?.includes(merged._id) && !careSiteIds) return { result: current };
      return {
        ...(current.mergedPatientIds?.includes(merged._id) ? {} : { addToSet: { mergedPatientIds: merged._id } }),
        set: { updatedAt: new Date(), ...(careSiteIds ? { careSiteIds } : {}) },
        result: current,
      };
    });
    if (!survivor) return null;
    return this.merges.recordMerge(RECOVERY, historyOf(data, survivor, merged, merged.merge.reason, offeredFields(survivor, merged)));
  }

  /** The mirror image for an unmerge: the survivor lets go of the record (unless it was merged into it again since), and the history line is completed once. */
  async completeUnmerge(data: PatientUnmergedData): Promise<PatientMergeRecord | null> {
    const merged = await this.patients.findById(RECOVERY, data.mergedPatientId);
    if (!merged) return null;
    if (merged.mergedIntoPatientId !== data.survivorId) {
      await this.patients.update(RECOVERY, data.survivorId, (current) => {
        if (!current.mergedPatientIds?.includes(merged._id)) return null;
        const rest = current.mergedPatientIds.filter((id) => id !== merged._id);
        return { set: { mergedPatientIds: rest.length ? rest : undefined, updatedAt: new Date() } };
      });
    }
    const undo = merged.lastUnmerge?.mergeId === data.mergeId ? merged.lastUnmerge : undefined;
    if (!undo) return this.merges.findById(RECOVERY, data.mergeId);
    return (await this.merges.recordUnmerge(RECOVERY, data.mergeId, { by: undo.by, at: undo.at, reason: undo.reason })) ?? this.merges.findById(RECOVERY, data.mergeId);
  }
}

function historyOf(
  data: PatientMergedData,
  survivor: PatientRecord,
  merged: PatientRecord,
  reason: string,
  offered: Array<{ field: string; value: string }>,
): Omit<PatientMergeRecord, 'version'> {
  return {
    _id: data.mergeId,
    survivorId: survivor._id,
    mergedPatientId: merged._id,
    mergedMrn: merged.mrn,
    siteId: survivor.registeredAtSiteId,
    reason,
    mergedBy: data.mergedBy,
    mergedAt: new Date(data.mergedAt),
    undoableUntil: new Date(data.undoableUntil),
    offered,
  };
}
