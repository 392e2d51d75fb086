import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { SmsThreadRecord, SmsThreadSchema } from './messages.schema';

/** The only code that touches sms_threads: which reminder an SMS reply from a phone number answers. */
@Injectable()
export class SmsThreadsRepository {
  private readonly threads: Model<SmsThreadRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
  ) {
    this.threads = connection.model<SmsThreadRecord>('SmsThread', SmsThreadSchema, 'sms_threads');
  }

  /** Keeps the newest reminder per phone number (a late write of an older one changes nothing). */
  async remember(thread: SmsThreadRecord): Promise<void> {
    await this.locks.forDocument(this.threads, thread._id, async () => {
      const current = await this.threads.findById(thread._id, { sentAt: 1 }).lean<SmsThreadRecord>();
      if (current && current.sentAt.getTime() > thread.sentAt.getTime()) return;
      const { _id, ...fields } = thread;
      await this.threads.updateOne({ _id }, { $set: fields }, { upsert: true });
    });
  }

  find(phone: string): Promise<SmsThreadRecord | null> {
    return this.threads.findById(phone).lean<SmsThreadRecord>();
  }
}
