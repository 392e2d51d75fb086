import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { DATA_PROTECTION, DataProtection, DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { PatientDemographicsRecord, PatientDemographicsSchema } from './patient-demographics.schema';

/** The only code that touches patient_demographics (a sealed projection of patient-records' events). */
@Injectable()
export class PatientDemographicsRepository {
  private readonly patients: ProjectionStore<PatientDemographicsRecord>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks, @Inject(DATA_PROTECTION) protection: DataProtection) {
    this.patients = new ProjectionStore<PatientDemographicsRecord>(
      connection,
      locks,
      { name: 'PatientDemographics', collection: 'patient_demographics', schema: PatientDemographicsSchema, sealed: ['firstName', 'lastName', 'dateOfBirth'] },
      protection,
    );
  }

  /** Stores the state unless a newer one is already there (events may arrive again or late). */
  async upsertIfNewer(record: PatientDemographicsRecord): Promise<void> {
    await this.patients.upsertIfNewer(record);
  }

  findById(patientId: string): Promise<PatientDemographicsRecord | null> {
    return this.patients.findById(patientId);
  }

  findMany(ids: string[]): Promise<Map<string, PatientDemographicsRecord>> {
    return this.patients.findMany(ids);
  }
}
