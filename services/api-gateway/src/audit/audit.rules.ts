import type { AuditEntryDto } from '@clinic-flow/contracts';

/** Newest first; entries of one millisecond by id, the order every service pages in. */
export function newestFirst(a: Pick<AuditEntryDto, 'at' | 'id'>, b: Pick<AuditEntryDto, 'at' | 'id'>): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * One page of `limit` from the services' pages (each newest first after the same cursor, each at
 * most `limit + 1` long): any entry of the merged first `limit` is within its own service's first
 * `limit`, so the merge is exact; `more` when anything is left over.
 */
export function mergeAccessPages(pages: AuditEntryDto[][], limit: number): { items: AuditEntryDto[]; more: boolean } {
  const all = pages.flat().sort(newestFirst);
  return { items: all.slice(0, limit), more: all.length > limit };
}
