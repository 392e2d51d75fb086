import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { EncounterRecord, EncounterSchema } from './encounters.schema';

/** The work list key: a site's encounters in one status. */
const siteStatus = (siteId: string, status: string) => `${siteId}|${status}`;

/** The only code that touches encounters: owned by the visit's site, patient data sealed. */
@Injectable()
export class EncountersRepository {
  private readonly store: AggregateStore<EncounterRecord, 'bySiteStatus' | 'byPatient'>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<EncounterRecord, 'bySiteStatus' | 'byPatient'>({
      name: 'Encounter',
      collection: 'encounters',
      schema: EncounterSchema,
      site: (doc) => doc.siteId,
      lookups: {
        // The work list ("to code at my site") is one read by _id, not a scan.
        bySiteStatus: { collection: 'encounters_by_site_status', field: 'encounterIds', keys: (e) => [siteStatus(e.siteId, e.status)] },
        byPatient: { collection: 'encounters_by_patient', field: 'encounterIds', keys: (e) => [e.patientId] },
      },
      sealed: ['diagnoses', 'lines', 'patient'],
    });
  }

  /** One encounter; null when there is none or it belongs to a site out of scope (a 404, not a 403, for patient data). */
  async findById(scope: SiteScope, id: string): Promise<EncounterRecord | null> {
    return (await this.store.findMany(scope, [id]))[0] ?? null;
  }

  withStatus(scope: SiteScope, siteId: string, status: string): Promise<EncounterRecord[]> {
    return this.store.findBy(scope, 'bySiteStatus', siteStatus(siteId, status));
  }

  forPatient(scope: SiteScope, patientId: string): Promise<EncounterRecord[]> {
    return this.store.findBy(scope, 'byPatient', patientId);
  }

  /** Inserts the draft unless the appointment has one (a redelivered checkout creates nothing). */
  insertOnce(scope: SiteScope, encounter: Omit<EncounterRecord, 'version'>, events: OutboxEntry[]) {
    return this.store.insertOnce(scope, encounter, events);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: EncounterRecord) => Decision<EncounterRecord, R>) {
    return this.store.update(scope, id, decide);
  }
}
