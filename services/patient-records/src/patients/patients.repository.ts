import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { OutboxEntry, OutboxRelay, initialOutbox } from '@clinic-flow/messaging';
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
  ) {
    this.patients = connection.model<PatientRecord>('Patient', PatientSchema, 'patients');
    this.counters = connection.model<CounterRecord>('Counter', CounterSchema, 'counters');
    relay.register(this.patients);
  }

  /** Next value of a named sequence; atomic in the database, so concurrent callers never share one. */
  async nextSequence(name: string): Promise<number> {
    const counter = await this.counters.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean<CounterRecord>();
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
