import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { APP_CONFIG, InjectConnection } from '@clinic-flow/platform';
import { ReadCache } from '../calendar/read-cache';
import type { SchedulingConfig } from '../config';
import { ProviderScheduleRecord, ProviderScheduleSchema } from './availability.schema';

/** The only code that touches the provider_schedules collection (templates and exceptions, one document per provider). */
@Injectable()
export class AvailabilityRepository {
  private readonly schedules: Model<ProviderScheduleRecord>;
  /** Read by every slot search and booking (see ReadCache). */
  private readonly cache: ReadCache<ProviderScheduleRecord | null>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: Pick<SchedulingConfig, 'SCHEDULING_CACHE_MS'>,
  ) {
    this.cache = new ReadCache(config.SCHEDULING_CACHE_MS);
    this.schedules = connection.model<ProviderScheduleRecord>('ProviderSchedule', ProviderScheduleSchema, 'provider_schedules');
  }

  findSchedule(providerId: string): Promise<ProviderScheduleRecord | null> {
    return this.cache.get(providerId, () => this.read(providerId));
  }

  /** A schedule as stored; an empty list the database left out (a seeded schedule has no exceptions) reads as empty. */
  private async read(providerId: string): Promise<ProviderScheduleRecord | null> {
    const stored = await this.schedules.findById(providerId).lean<ProviderScheduleRecord>();
    return stored && { ...stored, templates: stored.templates ?? [], exceptions: stored.exceptions ?? [] };
  }

  /**
   * Read-modify-write of one provider's schedule under the document's lock (FerretDB loses
   * concurrent updates otherwise). `change` returns the new schedule, or `undefined` to write nothing.
   */
  update<T>(providerId: string, change: (current: ProviderScheduleRecord) => Promise<{ next?: ProviderScheduleRecord; result: T }>): Promise<T> {
    return this.locks.forDocument(this.schedules, providerId, async () => {
      const stored = await this.read(providerId);
      const { next, result } = await change(stored ?? { _id: providerId, templates: [], exceptions: [], updatedAt: new Date() });
      if (next) {
        await this.schedules.replaceOne({ _id: providerId }, { ...next, updatedAt: new Date() }, { upsert: true });
        this.cache.invalidate(providerId);
      }
      return result;
    });
  }

  /** Inserts the schedules of providers that have none yet. */
  async seed(schedules: ProviderScheduleRecord[]): Promise<void> {
    if (!schedules.length) return;
    await this.schedules.bulkWrite(schedules.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })));
    this.cache.clear();
  }
}
