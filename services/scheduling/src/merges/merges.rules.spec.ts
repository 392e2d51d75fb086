import type { WaitlistEntryRecord, WaitlistOfferRecord } from '../waitlist/waitlist.schema';
import { entriesOf, moveEntries } from './merges.rules';

const entry = (id: string, patientId: string) => ({ id, patientId }) as WaitlistEntryRecord;
const offer = (id: string, entryId: string, patientId: string) => ({ id, entryId, patientId }) as WaitlistOfferRecord;

describe('moving waitlist entries between merged records', () => {
  const state = { entries: [entry('e1', 'dup'), entry('e2', 'other'), entry('e3', 'dup')], offers: [offer('o1', 'e1', 'dup'), offer('o2', 'e2', 'other')] };

  it('finds the merged record\'s entries', () => {
    expect(entriesOf(state, 'dup')).toEqual(['e1', 'e3']);
  });

  it('moves the listed entries and their offers, nothing else, and back again', () => {
    const merged = moveEntries(state, ['e1', 'e3'], 'dup', 'keep')!;
    expect(merged.entries.map((e) => [e.id, e.patientId])).toEqual([['e1', 'keep'], ['e2', 'other'], ['e3', 'keep']]);
    expect(merged.offers.map((o) => [o.id, o.patientId])).toEqual([['o1', 'keep'], ['o2', 'other']]);
    // An entry the survivor got after the merge stays with it on undo.
    const later = { ...merged, entries: [...merged.entries, entry('e4', 'keep')] };
    const undone = moveEntries(later, ['e1', 'e3'], 'keep', 'dup')!;
    expect(undone.entries.map((e) => [e.id, e.patientId])).toEqual([['e1', 'dup'], ['e2', 'other'], ['e3', 'dup'], ['e4', 'keep']]);
  });

  it('writes nothing the second time', () => {
    const merged = moveEntries(state, ['e1', 'e3'], 'dup', 'keep')!;
    expect(moveEntries(merged, ['e1', 'e3'], 'dup', 'keep')).toBeNull();
  });
});
