import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox, updateWithOutbox } from '@clinic-flow/messaging';
import { InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { prune } from './waitlist.rules';
import { SiteWaitlistRecord, SiteWaitlistSchema, WaitlistEntryRecord, WaitlistOfferRecord, WaitlistRefRecord, WaitlistRefSchema } from './waitlist.schema';

export interface WaitlistState {
  entries: WaitlistEntryRecord[];
  offers: WaitlistOfferRecord[];
}

/** What a change decides: the new entries and offers, and their events; null changes nothing. */
export type WaitlistChange = (WaitlistState & { events: OutboxEntry[] }) | null;

/** The only code that touches the waitlists and waitlist_refs collections. */
@Injectable()
export class WaitlistRepository {
  private readonly waitlists: Model<SiteWaitlistRecord>;
  private readonly refs: Model<WaitlistRefRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {
    this.waitlists = connection.model<SiteWaitlistRecord>('SiteWaitlist', SiteWaitlistSchema, 'waitlists');
    this.refs = connection.model<WaitlistRefRecord>('WaitlistRef', WaitlistRefSchema, 'waitlist_refs');
    relay.register(this.waitlists);
  }

  async read(siteId: string): Promise<WaitlistState> {
    const doc = await this.waitlists.findById(siteId, { outbox: 0 }).lean<SiteWaitlistRecord>();
    return { entries: doc?.entries ?? [], offers: doc?.offers ?? [] };
  }

  /**
   * Reads the site's waitlist, lets `decide` judge it as it is (it throws to refuse, or returns
   * null to leave it), and writes the result with its events in one update, serialized per site.
   */
  async change(siteId: string, decide: (state: WaitlistState) => WaitlistChange): Promise<WaitlistState> {
    const result = await this.locks.forDocument(this.waitlists, siteId, async () => {
      const doc = await this.waitlists.findById(siteId, { outbox: 0 }).lean<SiteWaitlistRecord>();
      const state = { entries: doc?.entries ?? [], offers: doc?.offers ?? [] };
      const decided = decide(state);
      if (!decided) return { state, written: false };
      const { events, ...next } = decided;
      const kept = prune(next, new Date());
      if (!doc) {
        await this.waitlists.create({ _id: siteId, ...kept, updatedAt: new Date(), ...initialOutbox(events) });
      } else {
        await this.waitlists.updateOne({ _id: siteId }, updateWithOutbox({ $set: { ...kept, updatedAt: new Date() } }, events));
      }
      return { state: kept, written: events.length > 0 };
    });
    if (result.written) this.relay.enqueue(this.waitlists, siteId);
    return result.state;
  }

  /** Remembers which site an entry or offer id belongs to (written before the waitlist itself). */
  async putRef(id: string, siteId: string): Promise<void> {
    try {
      await this.refs.create({ _id: id, siteId });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async siteOf(id: string): Promise<string | undefined> {
    return (await this.refs.findById(id).lean<WaitlistRefRecord>())?.siteId;
  }
}
