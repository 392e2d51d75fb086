import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox, updateWithOutbox } from '@clinic-flow/messaging';
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

  /**
   * Read-decide-write of one patient under its document lock: `decide` sees the current patient
   * and returns the fields to set and the events they imply (one write), or null to change nothing.
   */
  async update<R>(
    id: string,
    decide: (current: PatientRecord) => { set: Partial<PatientRecord>; events: OutboxEntry[]; result: R } | { result: R; set?: undefined },
  ): Promise<R | null> {
    const outcome = await this.locks.forDocument(this.patients, id, async () => {
      const current = await this.patients.findById(id, { outbox: 0 }).lean<PatientRecord>();
      if (!current) return null;
      const decision = decide(current);
      if (!decision.set) return { decision, written: false };
      const update: { $set: Record<string, unknown>; $unset?: Record<string, 1> } = { $set: {} };
      for (const [field, value] of Object.entries(decision.set)) {
        if (value === undefined) (update.$unset ??= {})[field] = 1;
        else update.$set[field] = value;
      }
      await this.patients.updateOne({ _id: id }, updateWithOutbox(update, decision.events));
      return { decision, written: true };
    });
    if (!outcome) return null;
    if (outcome.written) this.relay.enqueue(this.patients, id);
    return outcome.decision.result;
  }
}
