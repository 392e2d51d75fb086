import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, OutboxEntry } from '@clinic-flow/messaging';
import { BreakGlassRecord, BreakGlassSchema } from './break-glass.schema';

/** Who may look up the accesses of a user to a patient: PatientAccess, for every caller, before it knows whether they may see the patient. */
const LOOKUP = SiteScope.service('break-the-glass look-up');

const viewerKey = (userId: string, patientId: string) => `${userId}|${patientId}`;

/**
 * The only code that touches `break_glass` (kept beside PatientAccess, which reads it on every
 * open of a record outside the caller's care relationship; the feature itself is in src/break-glass): one document per access, never changed (the record of
 * who opened what and why). Look-ups by user and patient (is there an unexpired access?) and by
 * site (the office managers' list), kept as look-up documents since FerretDB has no usable index.
 */
@Injectable()
export class BreakGlassRepository {
  private readonly store: AggregateStore<BreakGlassRecord, 'viewer' | 'site'>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<BreakGlassRecord, 'viewer' | 'site'>({
      name: 'BreakGlass',
      collection: 'break_glass',
      schema: BreakGlassSchema,
      site: (b) => b.siteId,
      lookups: {
        viewer: { collection: 'break_glass_by_viewer', field: 'ids', keys: (b) => [viewerKey(b.userId, b.patientId)] },
        site: { collection: 'break_glass_by_site', field: 'ids', keys: (b) => b.patientSiteIds },
      },
    });
  }

  insert(scope: SiteScope, record: Omit<BreakGlassRecord, 'version'>, events: OutboxEntry[]): Promise<BreakGlassRecord> {
    return this.store.insert(scope, record, events);
  }

  /** The user's access to any of these records (a patient and the records merged into it) that lasts longest past `now`, or null. */
  async latestActive(userId: string, recordIds: string[], now: Date): Promise<BreakGlassRecord | null> {
    let latest: BreakGlassRecord | null = null;
    for (const patientId of recordIds) {
      for (const access of await this.store.findBy(LOOKUP, 'viewer', viewerKey(userId, patientId))) {
        if (new Date(access.until).getTime() <= now.getTime()) continue;
        if (!latest || new Date(access.until).getTime() > new Date(latest.until).getTime()) latest = access;
      }
    }
    return latest;
  }

  /** The accesses to patients of a site (registered or cared for there), newest first; the caller has checked that the site is theirs. */
  async atSite(siteId: string, limit: number): Promise<BreakGlassRecord[]> {
    const found = await this.store.findBy(SiteScope.service('break-the-glass list of a site'), 'site', siteId);
    return found.sort((a, b) => b.at.getTime() - a.at.getTime() || a._id.localeCompare(b._id)).slice(0, limit);
  }
}
