import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, DocumentLocks, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { PatientSearchIndex } from './patient-search.index';
import { CounterRecord, CounterSchema, PATIENT_SEALED_FIELDS, PatientRecord, PatientSchema } from './patients.schema';

/**
 * The only code that touches the patients and counters collections. A patient belongs to the site
 * that registered them. Every patient it writes goes into this instance's search index at once.
 */
@Injectable()
export class PatientsRepository {
  private readonly patients: AggregateStore<PatientRecord>;
  private readonly counters: Model<CounterRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    stores: AggregateStores,
    private readonly locks: DocumentLocks,
    private readonly index: PatientSearchIndex,
  ) {
    this.patients = stores.create<PatientRecord>({
      name: 'Patient',
      collection: 'patients',
      schema: PatientSchema,
      site: (p) => p.registeredAtSiteId,
      // Ids, MRN, sites, channel preferences and merge links stay readable; who the person is does not.
      sealed: PATIENT_SEALED_FIELDS,
    });
    this.counters = connection.model<CounterRecord>('Counter', CounterSchema, 'counters');
  }

  /** Next value of a named sequence; atomic in the database, so concurrent callers never share one. */
  async nextSequence(name: string): Promise<number> {
    // The lock keeps two $inc from reading the same value on FerretDB (see DocumentLocks); the
    // unique index on mrn is the backstop across instances.
    const counter = await this.locks.forDocument(this.counters, name, () =>
      this.counters.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean<CounterRecord>(),
    );
    return counter!.seq;
  }

  async insert(scope: SiteScope, patient: Omit<PatientRecord, 'version'>, events: OutboxEntry[]): Promise<PatientRecord> {
    const created = await this.patients.insert(scope, patient, events);
    this.index.put(created);
    return created;
  }

  /** Every patient in scope, streamed (a full scan: for building the search index at start). */
  forEach(scope: SiteScope, visit: (patient: PatientRecord) => void): Promise<number> {
    return this.patients.forEach(scope, visit);
  }

  findById(scope: SiteScope, id: string): Promise<PatientRecord | null> {
    return this.patients.findById(scope, id);
  }

  findMany(scope: SiteScope, ids: string[]): Promise<PatientRecord[]> {
    return this.patients.findMany(scope, ids);
  }

  /** Read-decide-write of one patient (see AggregateStore.update); null if there is no such patient. */
  async update<R>(scope: SiteScope, id: string, decide: (current: PatientRecord) => Decision<PatientRecord, R>): Promise<R | undefined | null> {
    const outcome = await this.patients.update(scope, id, decide);
    if (outcome?.written) this.index.put(outcome.doc);
    return outcome && outcome.result;
  }
}
