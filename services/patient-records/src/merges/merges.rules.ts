import { DomainError, conflict, unprocessable } from '@clinic-flow/platform';

/** What the merge rules look at on a patient record. */
export interface MergeCandidate {
  _id: string;
  mergedIntoPatientId?: string;
  mergedPatientIds?: string[];
  merge?: { id: string; undoableUntil: Date };
  phone?: string;
  email?: string;
}

/**
 * Why `merged` may not be merged into `survivor`, or null. Not into itself; not into a record that
 * is itself merged away (its entries would belong to nobody who opens); not a record already
 * merged; not a record that other records were merged into (unmerge those first: merges stay one
 * level deep, so recordIds is always the survivor plus its own merged records, and an unmerge never
 * has to untangle a chain).
 */
export function mergeRefusal(survivor: MergeCandidate, merged: MergeCandidate): DomainError | null {
  if (survivor._id === merged._id) return unprocessable('PATIENT_MERGE.SAME_RECORD', 'A record cannot be merged into itself.');
  if (survivor.mergedIntoPatientId) {
    return conflict('PATIENT_MERGE.SURVIVOR_MERGED', `Patient ${survivor._id} was itself merged into ${survivor.mergedIntoPatientId}; merge into that record.`);
  }
  if (merged.mergedIntoPatientId) {
    return conflict('PATIENT_MERGE.ALREADY_MERGED', `Patient ${merged._id} is already merged into ${merged.mergedIntoPatientId}.`);
  }
  if (merged.mergedPatientIds?.length) {
    return conflict('PATIENT_MERGE.HAS_MERGED_RECORDS', `Other records were merged into ${merged._id}; unmerge them first.`);
  }
  return null;
}

/**
 * Demographics after a merge: the survivor's win, field by field, and nothing is copied by itself
 * (two records of one person disagree because one of them is wrong, and the desk knows which).
 * A value only the merged record has is offered: the answer lists it and the desk applies it
 * with the usual contact change if it is right. Add a field here to offer it too.
 */
export const OFFERED_FIELDS = ['phone', 'email'] as const;

export function offeredFields(survivor: MergeCandidate, merged: MergeCandidate): Array<{ field: string; value: string }> {
  return OFFERED_FIELDS.flatMap((field) => {
    const value = merged[field];
    return !survivor[field] && value ? [{ field, value }] : [];
  });
}

/**
 * Why the merge `mergeId` of `merged` may not be undone at `now`, or null: it must be the merge
 * the record is in now (not an older one, not one already undone), and inside its undo window.
 */
export function undoRefusal(merged: MergeCandidate, mergeId: string, now: Date): DomainError | null {
  if (!merged.mergedIntoPatientId || merged.merge?.id !== mergeId) {
    return conflict('PATIENT_MERGE.NOT_ACTIVE', `Merge ${mergeId} is not in effect (already undone).`);
  }
  if (now.getTime() > merged.merge.undoableUntil.getTime()) {
    return conflict('PATIENT_MERGE.UNDO_WINDOW_CLOSED', `Merge ${mergeId} could be undone until ${merged.merge.undoableUntil.toISOString()}.`);
  }
  return null;
}
