import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { BlindIndex } from '@clinic-flow/crypto';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { SmsThreadRecord, SmsThreadSchema } from './messages.schema';

/**
 * The only code that touches sms_threads: which reminder an SMS reply from a phone number answers.
 * A thread is kept under the phone number's blind index (see libs/crypto), never the number itself.
 */
@Injectable()
export class SmsThreadsRepository {
  private readonly threads: Model<SmsThreadRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
    private readonly blind: BlindIndex,
  ) {
    this.threads = connection.model<SmsThreadRecord>('SmsThread', SmsThreadSchema, 'sms_threads');
  }

  /** Keeps the newest reminder per phone number (a late write of an older one changes nothing). */
  async remember(thread: SmsThreadRecord): Promise<void> {
    const key = await this.blind.of('phone', thread._id);
    await this.locks.forDocument(this.threads, key, async () => {
      const current = await this.threads.findById(key, { sentAt: 1 }).lean<SmsThreadRecord>();
      if (current && current.sentAt.getTime() > thread.sentAt.getTime()) return;
      const { _id: _phone, ...fields } = thread;
      const _id = key;
      await this.threads.updateOne({ _id }, { $set: fields }, { upsert: true });
    });
  }

  async find(phone: string): Promise<SmsThreadRecord | null> {
    return this.threads.findById(await this.blind.of('phone', phone)).lean<SmsThreadRecord>();
  }
}
