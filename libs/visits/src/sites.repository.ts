import { Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { InjectConnection } from '@clinic-flow/platform';

/** A site of the network as scheduling announced it (`site.registered`). */
export interface KnownSiteRecord {
  _id: string;
  name: string;
  timeZone: string;
  registeredAt: Date;
}

const KnownSiteSchema = new Schema<KnownSiteRecord>({ _id: String, name: String, timeZone: String, registeredAt: Date }, { versionKey: false });

/** The only code that touches known_sites: which sites the network has, for network-wide changes. */
@Injectable()
export class SitesRepository {
  private readonly sites: Model<KnownSiteRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.sites = connection.model<KnownSiteRecord>('KnownSite', KnownSiteSchema, 'known_sites');
  }

  /** Idempotent: a redelivered announcement writes the same document again. */
  async remember(site: KnownSiteRecord): Promise<void> {
    const { _id, ...fields } = site;
    await this.sites.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  /** The site as announced, or null when scheduling has not announced it yet. */
  find(siteId: string): Promise<KnownSiteRecord | null> {
    return this.sites.findById(siteId).lean<KnownSiteRecord>();
  }

  /** The site's IANA time zone, or null when scheduling has not announced it yet. */
  async timeZoneOf(siteId: string): Promise<string | null> {
    return (await this.sites.findById(siteId, { timeZone: 1 }).lean<Pick<KnownSiteRecord, 'timeZone'>>())?.timeZone ?? null;
  }

  /** Every known site (a handful: the collection is read whole). */
  async all(): Promise<KnownSiteRecord[]> {
    return this.sites.find({}).lean<KnownSiteRecord[]>();
  }

  /** Every known site id (a handful: the collection is read whole). */
  async allIds(): Promise<string[]> {
    return (await this.sites.find({}, { _id: 1 }).lean<Array<Pick<KnownSiteRecord, '_id'>>>()).map((s) => s._id);
  }
}
