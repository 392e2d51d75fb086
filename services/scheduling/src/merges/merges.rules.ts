import type { WaitlistEntryRecord, WaitlistOfferRecord } from '../waitlist/waitlist.schema';

interface WaitlistState {
  entries: WaitlistEntryRecord[];
  offers: WaitlistOfferRecord[];
}

/** The entries of a site's waitlist (ids) under the patient `from`: what a merge moves. */
export function entriesOf(state: WaitlistState, patientId: string): string[] {
  return state.entries.filter((e) => e.patientId === patientId).map((e) => e.id);
}

/**
 * Moves the given waitlist entries, and the offers made to them, from one patient record to the
 * other, where they are still under `from`; null if none is (nothing to write). Used both ways:
 * a merge moves the merged record's entries to the survivor, its undo moves exactly those back.
 */
export function moveEntries<T extends WaitlistState>(state: T, entryIds: readonly string[], from: string, to: string): T | null {
  const ids = new Set(entryIds);
  let moved = false;
  const entries = state.entries.map((e) => {
    if (!ids.has(e.id) || e.patientId !== from) return e;
    moved = true;
    return { ...e, patientId: to };
  });
  const offers = state.offers.map((o) => (ids.has(o.entryId) && o.patientId === from ? { ...o, patientId: to } : o));
  return moved || offers.some((o, i) => o !== state.offers[i]) ? { ...state, entries, offers } : null;
}
