import { mergeRefusal, offeredFields, undoRefusal } from './merges.rules';

describe('merge rules', () => {
  const survivor = { _id: 's', email: 's@example.com' };
  const duplicate = { _id: 'm', phone: '+15550001111', email: 'm@example.com' };

  it('allows two plain records', () => {
    expect(mergeRefusal(survivor, duplicate)).toBeNull();
  });

  it('refuses a record into itself, into a merged record, a merged record, and a survivor of other merges', () => {
    expect(mergeRefusal(survivor, survivor)?.code).toBe('PATIENT_MERGE.SAME_RECORD');
    expect(mergeRefusal(survivor, survivor)?.kind).toBe('unprocessable');
    expect(mergeRefusal({ ...survivor, mergedIntoPatientId: 'x' }, duplicate)?.code).toBe('PATIENT_MERGE.SURVIVOR_MERGED');
    expect(mergeRefusal(survivor, { ...duplicate, mergedIntoPatientId: 'x' })?.code).toBe('PATIENT_MERGE.ALREADY_MERGED');
    expect(mergeRefusal(survivor, { ...duplicate, mergedPatientIds: ['y'] })?.code).toBe('PATIENT_MERGE.HAS_MERGED_RECORDS');
    expect(mergeRefusal(survivor, { ...duplicate, mergedPatientIds: [] })).toBeNull();
  });

  it("keeps the survivor's demographics and offers only what the survivor lacks", () => {
    expect(offeredFields(survivor, duplicate)).toEqual([{ field: 'phone', value: '+15550001111' }]);
    expect(offeredFields(duplicate, survivor)).toEqual([]);
  });
});

describe('undo rules', () => {
  const at = new Date('2026-11-01T10:00:00Z');
  const undoableUntil = new Date('2026-12-01T10:00:00Z');
  const merged = { _id: 'm', mergedIntoPatientId: 's', merge: { id: 'merge-1', undoableUntil } };

  it('undoes the merge in effect inside its window, to the millisecond', () => {
    expect(undoRefusal(merged, 'merge-1', at)).toBeNull();
    expect(undoRefusal(merged, 'merge-1', undoableUntil)).toBeNull();
    expect(undoRefusal(merged, 'merge-1', new Date(undoableUntil.getTime() + 1))?.code).toBe('PATIENT_MERGE.UNDO_WINDOW_CLOSED');
  });

  it('refuses a merge that is not the one in effect', () => {
    expect(undoRefusal(merged, 'merge-0', at)?.code).toBe('PATIENT_MERGE.NOT_ACTIVE');
    expect(undoRefusal({ _id: 'm' }, 'merge-1', at)?.code).toBe('PATIENT_MERGE.NOT_ACTIVE');
  });
});
