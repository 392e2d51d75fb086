import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { DATA_PROTECTION, DataProtection, DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { PatientNameRecord, PatientNameSchema } from './patient-names.schema';

/** The only code that touches the patient_names collection (a projection of patient-records' events). */
@Injectable()
export class PatientNamesRepository {
  private readonly names: ProjectionStore<PatientNameRecord>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks, @Inject(DATA_PROTECTION) protection: DataProtection) {
    this.names = new ProjectionStore<PatientNameRecord>(
      connection,
      locks,
      { name: 'PatientName', collection: 'patient_names', schema: PatientNameSchema, sealed: ['firstName', 'lastName', 'dateOfBirth'] },
      protection,
    );
  }

  /** Stores the state unless a newer one is already there (events may arrive again or late). */
  async upsertIfNewer(record: PatientNameRecord): Promise<void> {
    await this.names.upsertIfNewer(record);
  }

  findMany(ids: string[]): Promise<Map<string, PatientNameRecord>> {
    return this.names.findMany(ids);
  }
}
