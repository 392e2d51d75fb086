import { IsDateString, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Two records of one person become one: the merged record's entries belong to the survivor from
 * then on, until an unmerge (within the undo window) splits them again.
 *
 * What every service that keeps something under a patient id does with these events (scheduling
 * and notification today; insurance coverages and billing accounts later), so merges stay
 * reversible everywhere:
 * - on `patient.merged`: move what it keeps under `mergedPatientId` to `survivorId`, and remember
 *   under `mergeId` exactly which items it moved (ids, not a query: an item added later under the
 *   survivor must not leave with an unmerge);
 * - on `patient.unmerged`: move exactly the items remembered under `mergeId` back to
 *   `mergedPatientId` (those still under `survivorId`), and nothing else;
 * - both are idempotent by `mergeId`: a redelivered event changes nothing, and an item is moved only
 *   if it is still under the id it is moved from.
 * `PatientMergeMoves` (libs/messaging) is this protocol: a service gives it what it keeps and how
 * one item moves, and it keeps the memory in the service's `patient_merge_moves` collection.
 * The key (envelope subject) is the merged patient's id, so a merge, its unmerge and a later merge
 * of the same record arrive in order. No names, reasons or other free text travel: the reason and
 * the demographics stay in patient-records.
 */

export class PatientMergedData {
  /** Names this merge in every service's memory of what it moved. */
  @IsString() mergeId: string;
  /** The record that stays and now answers for both. */
  @IsString() survivorId: string;
  /** The record merged away: it no longer opens (409 PATIENT.MERGED, naming the survivor). */
  @IsString() mergedPatientId: string;
  @IsString() mergedBy: string;
  @IsDateString({ strict: true }) mergedAt: string;
  /** Until when patient-records accepts an unmerge. */
  @IsDateString({ strict: true }) undoableUntil: string;
}

export const PatientMergedV1 = defineEvent({
  type: 'patient.merged',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description:
    "Two records of one person were merged: every service moves what it keeps under mergedPatientId to survivorId and remembers, under mergeId, which items it moved.",
  data: PatientMergedData,
});

export class PatientUnmergedData {
  /** The merge undone. */
  @IsString() mergeId: string;
  @IsString() survivorId: string;
  @IsString() mergedPatientId: string;
  @IsString() unmergedBy: string;
  @IsDateString({ strict: true }) unmergedAt: string;
}

export const PatientUnmergedV1 = defineEvent({
  type: 'patient.unmerged',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A merge was undone: every service moves back to mergedPatientId exactly the items it moved for mergeId.',
  data: PatientUnmergedData,
});
