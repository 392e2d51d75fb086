import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, DocumentLocks, OutboxEntry } from '@clinic-flow/messaging';
import { APP_CONFIG, InjectConnection } from '@clinic-flow/platform';
import { ReadCache } from '../calendar/read-cache';
import type { SchedulingConfig } from '../config';
import { ClosureRow, OpeningHoursRow, ProviderRecord, ProviderSchema, RoomRecord, RoomSchema, SiteRecord, SiteSchema } from './directory.schema';

/** Sites, their names, zones and hours, are reference data every caller and flow may read. */
const SITE_DIRECTORY = SiteScope.service('site directory (reference data)');

/** The only code that touches the sites, providers and rooms collections. */
@Injectable()
export class DirectoryRepository {
  private readonly sites: AggregateStore<SiteRecord>;
  private readonly providers: Model<ProviderRecord>;
  private readonly rooms: Model<RoomRecord>;
  /** Sites, providers and rooms change rarely and are read by every slot search (see ReadCache). */
  private readonly cache: ReadCache<unknown>;

  constructor(
    @InjectConnection() connection: Connection,
    stores: AggregateStores,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: Pick<SchedulingConfig, 'SCHEDULING_CACHE_MS'>,
  ) {
    this.cache = new ReadCache(config.SCHEDULING_CACHE_MS);
    this.sites = stores.create<SiteRecord>({ name: 'Site', collection: 'sites', schema: SiteSchema, site: (s) => s._id });
    this.providers = connection.model<ProviderRecord>('Provider', ProviderSchema, 'providers');
    this.rooms = connection.model<RoomRecord>('Room', RoomSchema, 'rooms');
  }

  async findSites(ids: string[]): Promise<SiteRecord[]> {
    return (await this.sites.findMany(SITE_DIRECTORY, ids)).sort((a, b) => a._id.localeCompare(b._id));
  }

  /** Every site of the network (a handful: the collection is small enough to read whole). */
  async allSiteIds(): Promise<string[]> {
    return (await this.sites.findAll(SITE_DIRECTORY)).map((s) => s._id);
  }

  findSite(id: string): Promise<SiteRecord | null> {
    return this.cached(`site:${id}`, () => this.sites.findById(SITE_DIRECTORY, id));
  }

  async updateSiteHours(scope: SiteScope, id: string, hours: { openingHours: OpeningHoursRow[]; closures: ClosureRow[] }): Promise<SiteRecord | null> {
    const outcome = await this.sites.update(scope, id, () => ({ set: hours }));
    this.cache.clear();
    return outcome?.doc ?? null;
  }

  /**
   * Registers a site with its `site.registered` event, once: a site from before sites were
   * announced is announced now (same write as the mark), one already announced is left alone;
   * one announced without its address and phone is announced once more with them.
   */
  async registerSite(scope: SiteScope, site: Omit<SiteRecord, 'version' | 'announced' | 'announcedContact'>, registered: OutboxEntry): Promise<void> {
    await this.sites.upsert(scope, site._id, (current) => {
      if (current?.announced && current.announcedContact) return null;
      return { set: current ? { announced: true, announcedContact: true } : { ...site, announced: true, announcedContact: true }, events: [registered] };
    });
    this.cache.clear();
  }

  findProvider(id: string): Promise<ProviderRecord | null> {
    return this.cached(`provider:${id}`, () => this.providers.findById(id).lean<ProviderRecord>());
  }

  async findProviders(siteIds: string[], page: { limit: number; offset: number }): Promise<{ items: ProviderRecord[]; total: number }> {
    const filter = { siteIds: { $in: siteIds }, active: true };
    const [items, total] = await Promise.all([
      this.providers.find(filter).sort({ name: 1 }).skip(page.offset).limit(page.limit).lean<ProviderRecord[]>(),
      this.providers.countDocuments(filter),
    ]);
    return { items, total };
  }

  /** Active providers working at a site (the providers collection is small: a scan is cheap). */
  providersAt(siteId: string): Promise<ProviderRecord[]> {
    return this.cached(`providers@${siteId}`, () => this.providers.find({ siteIds: siteId, active: true }).sort({ name: 1 }).lean<ProviderRecord[]>());
  }

  /** Inserts a provider; false if the id is taken. */
  async insertProvider(provider: ProviderRecord): Promise<boolean> {
    const result = await this.providers.updateOne({ _id: provider._id }, { $setOnInsert: provider }, { upsert: true });
    this.cache.clear();
    return result.upsertedCount === 1;
  }

  async updateProvider(id: string, set: Partial<Omit<ProviderRecord, '_id'>>): Promise<ProviderRecord | null> {
    const updated = await this.locks.forDocument(this.providers, id, () =>
      this.providers.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean<ProviderRecord>(),
    );
    this.cache.clear();
    return updated;
  }

  /** Rooms of a site (few per site: a scan is cheap). */
  roomsAt(siteId: string): Promise<RoomRecord[]> {
    return this.cached(`rooms@${siteId}`, () => this.rooms.find({ siteId }).sort({ name: 1 }).lean<RoomRecord[]>());
  }

  /** Inserts a room; false if the id is taken. */
  async insertRoom(room: RoomRecord): Promise<boolean> {
    const result = await this.rooms.updateOne({ _id: room._id }, { $setOnInsert: room }, { upsert: true });
    this.cache.invalidate(`rooms@${room.siteId}`);
    return result.upsertedCount === 1;
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.get(key, load) as Promise<T>;
  }

  /**
   * Inserts what is missing and leaves existing records (and their edits) alone; sites seeded before
   * they had opening hours get the demo hours once.
   */
  async seed(scope: SiteScope, sites: Array<Pick<SiteRecord, '_id' | 'openingHours' | 'closures'>>, providers: ProviderRecord[], rooms: RoomRecord[]): Promise<void> {
    for (const s of sites) {
      await this.sites.update(scope, s._id, (current) => (current.openingHours ? null : { set: { openingHours: s.openingHours ?? [], closures: s.closures ?? [] } }));
    }
    if (providers.length) {
      await this.providers.bulkWrite(providers.map((p) => ({ updateOne: { filter: { _id: p._id }, update: { $setOnInsert: p }, upsert: true } })));
    }
    if (rooms.length) {
      await this.rooms.bulkWrite(rooms.map((r) => ({ updateOne: { filter: { _id: r._id }, update: { $setOnInsert: r }, upsert: true } })));
    }
    this.cache.clear();
  }
}
