import { Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
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

/** The only code that touches `sites`: patient-records' copy of the network's sites (letterheads, time zones). */
@Injectable()
export class SitesRepository {
  private readonly sites: ProjectionStore<SiteRow>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks) {
    this.sites = new ProjectionStore<SiteRow>(connection, locks, { name: 'Site', collection: 'sites', schema: SiteRowSchema });
  }

  remember(site: SiteRow): Promise<boolean> {
    return this.sites.upsertIfNewer(site);
  }

  find(siteId: string): Promise<SiteRow | null> {
    return this.sites.findById(siteId);
  }
}
