import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { CounterRecord, CounterSchema, PatientRecord, PatientSchema } from './patients.schema';

/** The only code that touches the patients and counters collections. */
@Injectable()
export class PatientsRepository {
  private readonly patients: Model<PatientRecord>;
  private readonly counters: Model<CounterRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {
    this.patients = connection.model<PatientRecord>('Patient', PatientSchema, 'patients');
    this.counters = connection.model<CounterRecord>('Counter', CounterSchema, 'counters');
    relay.register(this.patients);
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

  async insert(patient: Omit<PatientRecord, 'version' | 'outbox' | 'outboxPending'>, events: OutboxEntry[]): Promise<PatientRecord> {
    const created = await this.patients.create({ ...patient, ...initialOutbox(events) });
    this.relay.enqueue(this.patients, created._id);
    return created.toObject();
  }

  findById(id: string): Promise<PatientRecord | null> {
    return this.patients.findById(id, { outbox: 0 }).lean<PatientRecord>();
  }
}
