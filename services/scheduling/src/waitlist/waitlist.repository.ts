import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, OutboxEntry } from '@clinic-flow/messaging';
import { prune } from './waitlist.rules';
import { SiteWaitlistRecord, SiteWaitlistSchema, WaitlistEntryRecord, WaitlistOfferRecord } from './waitlist.schema';

export interface WaitlistState {
  entries: WaitlistEntryRecord[];
  offers: WaitlistOfferRecord[];
}

/** What a change decides: the new entries and offers, and their events; null changes nothing. */
export type WaitlistChange = (WaitlistState & { events: OutboxEntry[] }) | null;

const stateOf = (doc: SiteWaitlistRecord | null): WaitlistState => ({ entries: doc?.entries ?? [], offers: doc?.offers ?? [] });

/** The only code that touches the waitlists (one document per site, `_id` = site id) and their look-up of entry and offer ids. */
@Injectable()
export class WaitlistRepository {
  private readonly waitlists: AggregateStore<SiteWaitlistRecord, 'members'>;

  constructor(stores: AggregateStores) {
    this.waitlists = stores.create<SiteWaitlistRecord, 'members'>({
      name: 'SiteWaitlist',
      collection: 'waitlists',
      schema: SiteWaitlistSchema,
      site: (w) => w._id,
      // Entry and offer ids are opaque: which site's waitlist holds one is a look-up by _id.
      lookups: { members: { collection: 'waitlist_members', field: 'siteIds', keys: (w) => [...w.entries.map((e) => e.id), ...w.offers.map((o) => o.id)] } },
      // Entries carry the desk's notes about the patient.
      sealed: ['entries'],
    });
  }

  /** The offers of every site's waitlist (a scan of one document per site), for the job reconciler. */
  async listOffers(): Promise<Array<{ siteId: string; offers: WaitlistOfferRecord[] }>> {
    const docs = await this.waitlists.scan(SiteScope.service('job reconciliation'), {}, ['offers']);
    return docs.map((d) => ({ siteId: d._id, offers: d.offers ?? [] }));
  }

  async read(scope: SiteScope, siteId: string): Promise<WaitlistState> {
    scope.assert(siteId);
    return stateOf(await this.waitlists.findById(scope, siteId));
  }

  /**
   * Reads the site's waitlist, lets `decide` judge it as it is (it throws to refuse, or returns
   * null to leave it), and writes the result with its events in one update, serialized per site.
   */
  async change(scope: SiteScope, siteId: string, decide: (state: WaitlistState) => WaitlistChange): Promise<WaitlistState> {
    const outcome = await this.waitlists.upsert<WaitlistState>(scope, siteId, (doc) => {
      const decided = decide(stateOf(doc));
      if (!decided) return null;
      const { events, ...next } = decided;
      const kept = prune(next, new Date());
      return { set: { ...kept, updatedAt: new Date() }, events, result: kept };
    });
    return outcome.result ?? stateOf(outcome.doc);
  }

  /** The sites whose waitlist has an entry of this patient (a scan of the sites' waitlists: one document per site, few). */
  async sitesWithPatient(scope: SiteScope, patientId: string): Promise<string[]> {
    return (await this.waitlists.findAll(scope)).filter((w) => (w.entries ?? []).some((e) => e.patientId === patientId)).map((w) => w._id);
  }

  /** The site whose waitlist holds this entry or offer id, if any. */
  async siteOf(id: string): Promise<string | undefined> {
    return (await this.waitlists.idsBy('members', id))[0];
  }
}
