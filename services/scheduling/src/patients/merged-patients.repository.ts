import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Schema } from 'mongoose';
import { DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';

/** A patient record merged into another, as scheduling learnt it from patient.merged / patient.unmerged. */
export interface MergedPatientRecord {
  _id: string;
  /** Absent once the merge was undone. */
  survivorId?: string;
  mergeId: string;
  asOf: Date;
}

const MergedPatientSchema = new Schema<MergedPatientRecord>({ _id: String, survivorId: String, mergeId: String, asOf: Date }, { versionKey: false });

/** The only code that touches the merged_patients collection: which records no longer take bookings. */
@Injectable()
export class MergedPatientsRepository {
  private readonly merged: ProjectionStore<MergedPatientRecord>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks) {
    this.merged = new ProjectionStore<MergedPatientRecord>(connection, locks, { name: 'MergedPatient', collection: 'merged_patients', schema: MergedPatientSchema });
  }

  /** Records a merge (with the survivor) or its undo (without); an older event never overwrites a newer one. */
  async record(row: MergedPatientRecord): Promise<void> {
    await this.merged.upsertIfNewer(row);
  }

  /** The survivor a record was merged into, if it is merged now. */
  async survivorOf(patientId: string): Promise<string | undefined> {
    return (await this.merged.findById(patientId))?.survivorId;
  }
}
