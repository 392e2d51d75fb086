import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { InjectConnection } from '@clinic-flow/platform';
import { ProviderRecord, ProviderSchema, SiteRecord, SiteSchema } from './directory.schema';

/** The only code that touches the sites and providers collections. */
@Injectable()
export class DirectoryRepository {
  private readonly sites: Model<SiteRecord>;
  private readonly providers: Model<ProviderRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.sites = connection.model<SiteRecord>('Site', SiteSchema, 'sites');
    this.providers = connection.model<ProviderRecord>('Provider', ProviderSchema, 'providers');
  }

  findSites(ids: string[]): Promise<SiteRecord[]> {
    return this.sites.find({ _id: { $in: ids } }).sort({ _id: 1 }).lean<SiteRecord[]>();
  }

  findSite(id: string): Promise<SiteRecord | null> {
    return this.sites.findById(id).lean<SiteRecord>();
  }

  findProvider(id: string): Promise<ProviderRecord | null> {
    return this.providers.findById(id).lean<ProviderRecord>();
  }

  async findProviders(siteIds: string[], page: { limit: number; offset: number }): Promise<{ items: ProviderRecord[]; total: number }> {
    const filter = { siteIds: { $in: siteIds }, active: true };
    const [items, total] = await Promise.all([
      this.providers.find(filter).sort({ name: 1 }).skip(page.offset).limit(page.limit).lean<ProviderRecord[]>(),
      this.providers.countDocuments(filter),
    ]);
    return { items, total };
  }

  /** Inserts what is missing and leaves existing records (and their edits) alone. */
  async seed(sites: SiteRecord[], providers: ProviderRecord[]): Promise<void> {
    if (sites.length) {
      await this.sites.bulkWrite(sites.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })));
    }
    if (providers.length) {
      await this.providers.bulkWrite(providers.map((p) => ({ updateOne: { filter: { _id: p._id }, update: { $setOnInsert: p }, upsert: true } })));
    }
  }
}
