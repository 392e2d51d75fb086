import { Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';

/** A site of the network as scheduling announced it (`site.registered`): what a letterhead shows. */
export interface SiteRow {
  _id: string;
  name: string;
  timeZone: string;
  address?: string;
  phone?: string;
  asOf: Date;
}

const SiteRowSchema = new Schema<SiteRow>({ _id: String, name: String, timeZone: String, address: String, phone: String, asOf: Date }, { versionKey: false });

const NETWORK_TTL_MS = 30_000;

/** The only code that touches `sites`: patient-records' copy of the network's sites (letterheads, time zones). */
@Injectable()
export class SitesRepository {
  private readonly sites: ProjectionStore<SiteRow>;
  private readonly model: Model<SiteRow>;
  private network?: { ids: string[]; readAt: number };

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks) {
    this.sites = new ProjectionStore<SiteRow>(connection, locks, { name: 'Site', collection: 'sites', schema: SiteRowSchema });
    this.model = connection.model<SiteRow>('Site');
  }

  /**
   * The ids of every site of the network (who works at all of them is network-wide). A scan of a
   * collection of a handful of rows, kept for NETWORK_TTL_MS: a site added to the network makes its
   * staff's colleagues at every other site stop being network-wide within that time.
   */
  async networkSiteIds(): Promise<string[]> {
    if (this.network && Date.now() - this.network.readAt < NETWORK_TTL_MS) return this.network.ids;
    const rows = await this.model.find({}, { _id: 1 }).lean<Array<Pick<SiteRow, '_id'>>>();
    this.network = { ids: rows.map((r) => r._id).sort(), readAt: Date.now() };
    return this.network.ids;
  }

  remember(site: SiteRow): Promise<boolean> {
    this.network = undefined;
    return this.sites.upsertIfNewer(site);
  }

  find(siteId: string): Promise<SiteRow | null> {
    return this.sites.findById(siteId);
  }
}
