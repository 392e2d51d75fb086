import { Injectable } from '@nestjs/common';
import type { Schema } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { AllergyRecord, AllergySchema, ClinicalEntryRecord, MedicationRecord, MedicationSchema, ProblemRecord, ProblemSchema, VitalsRecord, VitalsSchema } from './clinical.schema';

/**
 * One kind of clinical entry: its collection, kept per patient through a look-up (FerretDB cannot
 * index patientId). Entries are never deleted; a wrong one is marked entered-in-error.
 */
export class ClinicalEntries<T extends ClinicalEntryRecord> {
  constructor(private readonly store: AggregateStore<T, 'byPatient'>) {}

  insert(scope: SiteScope, entry: Omit<T, 'version'>, events: OutboxEntry[]): Promise<T> {
    return this.store.insert(scope, entry as T, events);
  }

  findById(scope: SiteScope, id: string): Promise<T | null> {
    return this.store.findById(scope, id);
  }

  /** The entries kept under any of a patient's record ids (see PatientAccess), newest first. */
  async forPatient(scope: SiteScope, recordIds: string[]): Promise<T[]> {
    const lists = await Promise.all(recordIds.map((id) => this.store.findBy(scope, 'byPatient', id)));
    return lists.flat().sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime());
  }

  /** Read-decide-write of one entry; null if there is none. */
  async update<R>(scope: SiteScope, id: string, decide: (current: T) => Decision<T, R>): Promise<R | undefined | null> {
    const outcome = await this.store.update(scope, id, decide);
    return outcome && outcome.result;
  }
}

/** The only code that touches the allergies, problems, medications and vitals collections. */
@Injectable()
export class ClinicalRepository {
  readonly allergies: ClinicalEntries<AllergyRecord>;
  readonly problems: ClinicalEntries<ProblemRecord>;
  readonly medications: ClinicalEntries<MedicationRecord>;
  readonly vitals: ClinicalEntries<VitalsRecord>;

  constructor(stores: AggregateStores) {
    // Everything clinical is sealed; whose, where, who, when and the entry's status stay readable.
    const entries = <T extends ClinicalEntryRecord>(name: string, collection: string, schema: Schema<T>, sealed: ReadonlyArray<keyof T & string>) =>
      new ClinicalEntries<T>(
        stores.create<T, 'byPatient'>({
          name,
          collection,
          schema,
          site: (e) => e.siteId,
          lookups: { byPatient: { collection: `patient_${collection}`, field: 'entryIds', keys: (e) => [e.patientId] } },
          sealed: [...sealed, 'enteredInErrorReason'],
        }),
      );
    this.allergies = entries<AllergyRecord>('Allergy', 'allergies', AllergySchema, ['substance', 'reaction', 'severity', 'notedOn']);
    this.problems = entries<ProblemRecord>('Problem', 'problems', ProblemSchema, ['code', 'description', 'onsetDate', 'resolvedDate']);
    this.medications = entries<MedicationRecord>('Medication', 'medications', MedicationSchema, ['name', 'dose', 'frequency', 'note']);
    this.vitals = entries<VitalsRecord>('Vitals', 'vitals', VitalsSchema, ['bloodPressure', 'pulse', 'temperature', 'respiratoryRate', 'spo2', 'height', 'weight', 'bmi']);
  }
}
