import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox } from '@clinic-flow/messaging';
import { InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { PatientResponseRecord, PatientResponseSchema, SmsThreadRecord, SmsThreadSchema } from './responses.schema';

/** The only code that touches patient_responses and sms_threads. */
@Injectable()
export class ResponsesRepository {
  private readonly responses: Model<PatientResponseRecord>;
  private readonly threads: Model<SmsThreadRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {
    this.responses = connection.model<PatientResponseRecord>('PatientResponse', PatientResponseSchema, 'patient_responses');
    this.threads = connection.model<SmsThreadRecord>('SmsThread', SmsThreadSchema, 'sms_threads');
    relay.register(this.responses);
  }

  /**
   * Records a response with its event (one insert, atomic). The id is derived from what was
   * answered (the link token, the inbound SMS id), so a repeat finds the first one and adds nothing.
   */
  async record(response: Omit<PatientResponseRecord, 'version' | 'outbox' | 'outboxPending'>, events: OutboxEntry[]): Promise<{ record: PatientResponseRecord; created: boolean }> {
    try {
      const created = await this.responses.create({ ...response, ...initialOutbox(events) });
      this.relay.enqueue(this.responses, response._id);
      return { record: created.toObject(), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return { record: (await this.find(response._id))!, created: false };
    }
  }

  find(id: string): Promise<PatientResponseRecord | null> {
    return this.responses.findById(id, { outbox: 0 }).lean<PatientResponseRecord>();
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
