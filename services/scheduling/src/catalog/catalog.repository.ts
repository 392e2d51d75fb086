import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { APP_CONFIG, InjectConnection } from '@clinic-flow/platform';
import { ReadCache } from '../calendar/read-cache';
import type { SchedulingConfig } from '../config';
import { AppointmentTypeRecord, AppointmentTypeSchema } from './catalog.schema';

/** The only code that touches the appointment_types collection. */
@Injectable()
export class CatalogRepository {
  private readonly types: Model<AppointmentTypeRecord>;
  /** Read by every slot search and booking (see ReadCache). */
  private readonly cache: ReadCache<AppointmentTypeRecord | null>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: Pick<SchedulingConfig, 'SCHEDULING_CACHE_MS'>,
  ) {
    this.cache = new ReadCache(config.SCHEDULING_CACHE_MS);
    this.types = connection.model<AppointmentTypeRecord>('AppointmentType', AppointmentTypeSchema, 'appointment_types');
  }

  findType(id: string): Promise<AppointmentTypeRecord | null> {
    return this.cache.get(id, () => this.types.findById(id).lean<AppointmentTypeRecord>());
  }

  /** The whole catalog (a few dozen types: a scan is cheap). */
  listTypes(): Promise<AppointmentTypeRecord[]> {
    return this.types.find({}).sort({ name: 1 }).lean<AppointmentTypeRecord[]>();
  }

  /** Inserts a type; false if the id is taken. */
  async insertType(type: AppointmentTypeRecord): Promise<boolean> {
    const result = await this.types.updateOne({ _id: type._id }, { $setOnInsert: type }, { upsert: true });
    this.cache.invalidate(type._id);
    return result.upsertedCount === 1;
  }

  async updateType(id: string, set: Partial<Omit<AppointmentTypeRecord, '_id'>>): Promise<AppointmentTypeRecord | null> {
    const updated = await this.locks.forDocument(this.types, id, () =>
      this.types.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean<AppointmentTypeRecord>(),
    );
    this.cache.invalidate(id);
    return updated;
  }

  /** Inserts the types that are missing; existing ones (and their edits) are left alone. */
  async seed(types: AppointmentTypeRecord[]): Promise<void> {
    if (!types.length) return;
    await this.types.bulkWrite(types.map((t) => ({ updateOne: { filter: { _id: t._id }, update: { $setOnInsert: t }, upsert: true } })));
    this.cache.clear();
  }
}
