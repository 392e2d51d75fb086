import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { PatientNameRecord, PatientNameSchema } from './patient-names.schema';

/** The only code that touches the patient_names collection. */
@Injectable()
export class PatientNamesRepository {
  private readonly names: Model<PatientNameRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
  ) {
    this.names = connection.model<PatientNameRecord>('PatientName', PatientNameSchema, 'patient_names');
  }

  /** Stores the state unless a newer one is already there (events may arrive again or late). */
  async upsertIfNewer(record: PatientNameRecord): Promise<void> {
    await this.locks.forDocument(this.names, record._id, async () => {
      const current = await this.names.findById(record._id).lean<PatientNameRecord>();
      if (current && current.asOf.getTime() > record.asOf.getTime()) return;
      const { _id, ...fields } = record;
      await this.names.updateOne({ _id }, { $set: fields }, { upsert: true });
    });
  }

  /** By id, one read each (the only lookup FerretDB serves from an index). */
  async findMany(ids: string[]): Promise<Map<string, PatientNameRecord>> {
    const unique = [...new Set(ids)];
    const found = await Promise.all(unique.map((id) => this.names.findById(id).lean<PatientNameRecord>()));
    return new Map(found.filter((r): r is PatientNameRecord => r !== null).map((r) => [r._id, r]));
  }
}
