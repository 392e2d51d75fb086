import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { APP_CONFIG, InjectConnection } from '@clinic-flow/platform';
import { ReadCache } from '../calendar/read-cache';
import type { SchedulingConfig } from '../config';
import { ClosureRow, OpeningHoursRow, ProviderRecord, ProviderSchema, RoomRecord, RoomSchema, SiteRecord, SiteSchema } from './directory.schema';

/** The only code that touches the sites, providers and rooms collections. */
@Injectable()
export class DirectoryRepository {
  private readonly sites: Model<SiteRecord>;
  private readonly providers: Model<ProviderRecord>;
  private readonly rooms: Model<RoomRecord>;
  /** Sites, providers and rooms change rarely and are read by every slot search (see ReadCache). */
  private readonly cache: ReadCache<unknown>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: Pick<SchedulingConfig, 'SCHEDULING_CACHE_MS'>,
  ) {
    this.cache = new ReadCache(config.SCHEDULING_CACHE_MS);
    this.sites = connection.model<SiteRecord>('Site', SiteSchema, 'sites');
    this.providers = connection.model<ProviderRecord>('Provider', ProviderSchema, 'providers');
    this.rooms = connection.model<RoomRecord>('Room', RoomSchema, 'rooms');
  }

  findSites(ids: string[]): Promise<SiteRecord[]> {
    return this.sites.find({ _id: { $in: ids } }).sort({ _id: 1 }).lean<SiteRecord[]>();
  }

  findSite(id: string): Promise<SiteRecord | null> {
    return this.cached(`site:${id}`, () => this.sites.findById(id).lean<SiteRecord>());
  }

  async updateSiteHours(id: string, hours: { openingHours: OpeningHoursRow[]; closures: ClosureRow[] }): Promise<SiteRecord | null> {
    const updated = await this.locks.forDocument(this.sites, id, () =>
      this.sites.findOneAndUpdate({ _id: id }, { $set: hours }, { new: true }).lean<SiteRecord>(),
    );
    this.cache.invalidate(`site:${id}`);
    return updated;
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
  async seed(sites: SiteRecord[], providers: ProviderRecord[], rooms: RoomRecord[]): Promise<void> {
    if (sites.length) {
      await this.sites.bulkWrite(sites.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })));
      for (const s of sites) {
        await this.sites.updateOne({ _id: s._id, openingHours: { $exists: false } }, { $set: { openingHours: s.openingHours ?? [], closures: s.closures ?? [] } });
      }
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
