import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, DocumentLocks, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { PatientResponseRecord, PatientResponseSchema, SmsThreadRecord, SmsThreadSchema } from './responses.schema';

/** The only code that touches patient_responses and sms_threads. */
@Injectable()
export class ResponsesRepository {
  private readonly responses: AggregateStore<PatientResponseRecord>;
  private readonly threads: Model<SmsThreadRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    stores: AggregateStores,
    private readonly locks: DocumentLocks,
  ) {
    this.responses = stores.create<PatientResponseRecord>({ name: 'PatientResponse', collection: 'patient_responses', schema: PatientResponseSchema, site: (r) => r.siteId });
    this.threads = connection.model<SmsThreadRecord>('SmsThread', SmsThreadSchema, 'sms_threads');
  }

  /**
   * Records a response with its event (one insert, atomic). The id is derived from what was
   * answered (the link token, the inbound SMS id), so a repeat finds the first one and adds nothing.
   */
  async record(scope: SiteScope, response: Omit<PatientResponseRecord, 'version'>, events: OutboxEntry[]): Promise<{ record: PatientResponseRecord; created: boolean }> {
    const { doc, created } = await this.responses.insertOnce(scope, response, events);
    return { record: doc, created };
  }

  find(scope: SiteScope, id: string): Promise<PatientResponseRecord | null> {
    return this.responses.findById(scope, id);
  }

  /** Keeps the newest reminder per phone number (a late write of an older one changes nothing). */
  async rememberSms(thread: SmsThreadRecord): Promise<void> {
    await this.locks.forDocument(this.threads, thread._id, async () => {
      const current = await this.threads.findById(thread._id, { sentAt: 1 }).lean<SmsThreadRecord>();
      if (current && current.sentAt.getTime() > thread.sentAt.getTime()) return;
      const { _id, ...fields } = thread;
      await this.threads.updateOne({ _id }, { $set: fields }, { upsert: true });
    });
  }

  findThread(phone: string): Promise<SmsThreadRecord | null> {
    return this.threads.findById(phone).lean<SmsThreadRecord>();
  }
}
