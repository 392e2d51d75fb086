import { Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { AggregateStores, PatientMergeMover, PatientMergeMoves } from '@clinic-flow/messaging';
import { AppointmentsRepository } from '../appointments/appointments.repository';
import { MergedPatientsRepository } from '../patients/merged-patients.repository';
import { WaitlistRepository } from '../waitlist/waitlist.repository';
import { entriesOf, moveEntries } from './merges.rules';

/** A merge moves a person's appointments wherever they were booked. */
const MERGES = SiteScope.service('applying a patient merge from patient-records');

/** What scheduling moves for a merge: appointments, and waitlist entries by site (a site's waitlist is one document). */
export interface SchedulingMergeItems {
  appointmentIds: string[];
  waitlistEntries: Array<{ siteId: string; entryIds: string[] }>;
}

/**
 * Scheduling's side of a patient merge: the merged record's appointments and waitlist entries
 * (with their offers) move to the survivor, and exactly those move back on the undo (the protocol
 * is PatientMergeMoves'). The day view and the booking look-ups follow by themselves: they read
 * the appointment's patient id. New bookings for the merged record are refused from the first step.
 */
@Injectable()
export class MergesService implements PatientMergeMover<SchedulingMergeItems> {
  private readonly logger = new Logger(MergesService.name);
  private readonly moves: PatientMergeMoves<SchedulingMergeItems>;
  readonly nothing: SchedulingMergeItems = { appointmentIds: [], waitlistEntries: [] };

  constructor(
    stores: AggregateStores,
    private readonly appointments: AppointmentsRepository,
    private readonly waitlists: WaitlistRepository,
    private readonly merged: MergedPatientsRepository,
  ) {
    this.moves = new PatientMergeMoves(stores, this);
  }

  async applyMerge(merge: PatientMergedData): Promise<void> {
    // First: no new booking for the merged record while (and after) its appointments move.
    await this.merged.record({ _id: merge.mergedPatientId, survivorId: merge.survivorId, mergeId: merge.mergeId, asOf: new Date(merge.mergedAt) });
    const moved = await this.moves.applyMerge(merge);
    if (moved) this.logger.log(`merge ${merge.mergeId}: ${moved.appointmentIds.length} appointments and ${moved.waitlistEntries.flatMap((w) => w.entryIds).length} waitlist entries under the survivor`);
  }

  async applyUnmerge(unmerge: PatientUnmergedData): Promise<void> {
    await this.merged.record({ _id: unmerge.mergedPatientId, survivorId: undefined, mergeId: unmerge.mergeId, asOf: new Date(unmerge.unmergedAt) });
    await this.moves.applyUnmerge(unmerge);
  }

  async itemsToMove(merge: PatientMergedData): Promise<SchedulingMergeItems> {
    const appointments = await this.appointments.findForPatient(MERGES, merge.mergedPatientId);
    const waitlistEntries: SchedulingMergeItems['waitlistEntries'] = [];
    for (const siteId of await this.waitlists.sitesWithPatient(MERGES, merge.mergedPatientId)) {
      const entryIds = entriesOf(await this.waitlists.read(MERGES, siteId), merge.mergedPatientId);
      if (entryIds.length) waitlistEntries.push({ siteId, entryIds });
    }
    return { appointmentIds: appointments.map((a) => a._id), waitlistEntries };
  }

  async move(items: SchedulingMergeItems, from: string, to: string): Promise<void> {
    for (const id of items.appointmentIds) await this.appointments.reassignPatient(MERGES, id, from, to);
    for (const { siteId, entryIds } of items.waitlistEntries) {
      await this.waitlists.change(MERGES, siteId, (state) => {
        const next = moveEntries(state, entryIds, from, to);
        return next && { ...next, events: [] };
      });
    }
  }
}
