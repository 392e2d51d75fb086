import { Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { AppointmentsRepository } from '../appointments/appointments.repository';
import { MergedPatientsRepository } from '../patients/merged-patients.repository';
import { WaitlistRepository } from '../waitlist/waitlist.repository';
import { entriesOf, moveEntries } from './merges.rules';
import { MergeMovesRepository } from './merges.repository';
import { MergeMovesRecord } from './merges.schema';

/** A merge moves a person's appointments wherever they were booked. */
const MERGES = SiteScope.service('applying a patient merge from patient-records');

/**
 * Scheduling's side of a patient merge: the merged record's appointments and waitlist entries
 * (with their offers) move to the survivor, and scheduling remembers which, under the merge id,
 * before it moves anything; an unmerge moves exactly those back. Every step is idempotent (an item
 * moves only while it is under the id it moves from; the list is written once and reused), so a
 * redelivered event or a crash halfway is finished by the next delivery. The day view and the
 * booking look-ups follow by themselves: they read the appointment's patient id.
 */
@Injectable()
export class MergesService {
  private readonly logger = new Logger(MergesService.name);

  constructor(
    private readonly moves: MergeMovesRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly waitlists: WaitlistRepository,
    private readonly merged: MergedPatientsRepository,
  ) {}

  async applyMerge(merge: PatientMergedData): Promise<void> {
    // First: no new booking for the merged record while (and after) its appointments move.
    await this.merged.record({ _id: merge.mergedPatientId, survivorId: merge.survivorId, mergeId: merge.mergeId, asOf: new Date(merge.mergedAt) });
    const remembered = (await this.moves.find(merge.mergeId)) ?? (await this.moves.remember(await this.whatToMove(merge)));
    if (remembered.undoneAt) return; // undone since: a late copy of the merge moves nothing
    await this.move(remembered, merge.mergedPatientId, merge.survivorId);
    this.logger.log(`merge ${merge.mergeId}: ${remembered.appointmentIds.length} appointments and ${remembered.waitlistEntries.flatMap((w) => w.entryIds).length} waitlist entries under the survivor`);
  }

  async applyUnmerge(unmerge: PatientUnmergedData): Promise<void> {
    await this.merged.record({ _id: unmerge.mergedPatientId, survivorId: undefined, mergeId: unmerge.mergeId, asOf: new Date(unmerge.unmergedAt) });
    const remembered = await this.moves.find(unmerge.mergeId);
    if (!remembered) {
      // Nothing was moved for it (its merge never applied here): remember that it is undone.
      await this.moves.remember({ _id: unmerge.mergeId, survivorId: unmerge.survivorId, mergedPatientId: unmerge.mergedPatientId, appointmentIds: [], waitlistEntries: [], movedAt: new Date(), undoneAt: new Date() });
      return;
    }
    if (remembered.undoneAt) return;
    await this.move(remembered, unmerge.survivorId, unmerge.mergedPatientId);
    await this.moves.markUndone(unmerge.mergeId, new Date(unmerge.unmergedAt));
  }

  private async whatToMove(merge: PatientMergedData): Promise<Omit<MergeMovesRecord, 'version'>> {
    const appointments = await this.appointments.findForPatient(MERGES, merge.mergedPatientId);
    const waitlistEntries: MergeMovesRecord['waitlistEntries'] = [];
    for (const siteId of await this.waitlists.sitesWithPatient(MERGES, merge.mergedPatientId)) {
      const entryIds = entriesOf(await this.waitlists.read(MERGES, siteId), merge.mergedPatientId);
      if (entryIds.length) waitlistEntries.push({ siteId, entryIds });
    }
    return {
      _id: merge.mergeId,
      survivorId: merge.survivorId,
      mergedPatientId: merge.mergedPatientId,
      appointmentIds: appointments.map((a) => a._id),
      waitlistEntries,
      movedAt: new Date(),
    };
  }

  private async move(moves: MergeMovesRecord, from: string, to: string): Promise<void> {
    for (const id of moves.appointmentIds) await this.appointments.reassignPatient(MERGES, id, from, to);
    for (const { siteId, entryIds } of moves.waitlistEntries) {
      await this.waitlists.change(MERGES, siteId, (state) => {
        const next = moveEntries(state, entryIds, from, to);
        return next && { ...next, events: [] };
      });
    }
  }
}
