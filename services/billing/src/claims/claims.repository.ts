import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { ClaimRecord, ClaimSchema, RemittanceRecord, RemittanceSchema, ReportCursorRecord, ReportCursorSchema } from './claims.schema';

/** The only code that touches claims, remittances and the report cursor. */
@Injectable()
export class ClaimsRepository {
  private readonly store: AggregateStore<ClaimRecord, 'byPatient' | 'byStatus' | 'byEncounter' | 'withDenials'>;
  private readonly remittances: AggregateStore<RemittanceRecord>;
  private readonly cursors: Model<ReportCursorRecord>;

  constructor(stores: AggregateStores, @InjectConnection() connection: Connection) {
    this.store = stores.create<ClaimRecord, 'byPatient' | 'byStatus' | 'byEncounter' | 'withDenials'>({
      name: 'Claim',
      collection: 'claims',
      schema: ClaimSchema,
      site: (doc) => doc.siteId,
      lookups: {
        byPatient: { collection: 'claims_by_patient', field: 'claimIds', keys: (c) => [c.patientId] },
        // The submit retry job reads the claims still to send.
        byStatus: { collection: 'claims_by_status', field: 'claimIds', keys: (c) => [c.status] },
        byEncounter: { collection: 'claims_by_encounter', field: 'claimIds', keys: (c) => [`${c.encounterId}|${c.order}`] },
        // The denials work queue of a site.
        withDenials: { collection: 'claims_with_denials', field: 'claimIds', keys: (c) => (c.openDenials > 0 ? [c.siteId] : []) },
      },
      sealed: ['claim', 'lines', 'secondary', 'denials'],
    });
    // Network-wide: an 835 pays claims of many sites; it names no patient beyond claim ids.
    this.remittances = stores.create<RemittanceRecord>({ name: 'Remittance', collection: 'remittances', schema: RemittanceSchema, site: 'network-wide' });
    this.cursors = connection.model<ReportCursorRecord>('ClearinghouseReportCursor', ReportCursorSchema, 'clearinghouse_report_cursors');
  }

  async findById(scope: SiteScope, id: string): Promise<ClaimRecord | null> {
    return (await this.store.findMany(scope, [id]))[0] ?? null;
  }

  byEncounter(scope: SiteScope, encounterId: string, order: string): Promise<ClaimRecord[]> {
    return this.store.findBy(scope, 'byEncounter', `${encounterId}|${order}`);
  }

  forPatient(scope: SiteScope, patientId: string): Promise<ClaimRecord[]> {
    return this.store.findBy(scope, 'byPatient', patientId);
  }

  withStatus(scope: SiteScope, status: string): Promise<ClaimRecord[]> {
    return this.store.findBy(scope, 'byStatus', status);
  }

  withOpenDenials(scope: SiteScope, siteId: string): Promise<ClaimRecord[]> {
    return this.store.findBy(scope, 'withDenials', siteId);
  }

  insertOnce(scope: SiteScope, claim: Omit<ClaimRecord, 'version'>, events: OutboxEntry[]) {
    return this.store.insertOnce(scope, claim, events);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: ClaimRecord) => Decision<ClaimRecord, R>) {
    return this.store.update(scope, id, decide);
  }

  /** Every claim the scope may read, in batches (the revenue-cycle reports). */
  forEach(scope: SiteScope, visit: (claim: ClaimRecord) => void): Promise<number> {
    return this.store.forEach(scope, visit, 200);
  }

  async remittance(id: string): Promise<RemittanceRecord | null> {
    return (await this.remittances.findMany(SiteScope.service('remittances are network-wide'), [id]))[0] ?? null;
  }

  recordRemittance(remittance: Omit<RemittanceRecord, 'version'>, events: OutboxEntry[]) {
    return this.remittances.insertOnce(SiteScope.service('remittances are network-wide'), remittance, events);
  }

  async cursor(partner: string): Promise<number> {
    return (await this.cursors.findById(partner).lean<ReportCursorRecord>())?.cursor ?? 0;
  }

  async saveCursor(partner: string, cursor: number): Promise<void> {
    await this.cursors.updateOne({ _id: partner }, { $set: { cursor, updatedAt: new Date() } }, { upsert: true });
  }
}
