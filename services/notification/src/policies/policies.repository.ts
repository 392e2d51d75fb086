import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { ReminderPolicyRecord, ReminderPolicySchema } from './policies.schema';

/** The only code that touches reminder_policies (a handful of documents, read by _id). */
@Injectable()
export class PoliciesRepository {
  private readonly policies: Model<ReminderPolicyRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
  ) {
    this.policies = connection.model<ReminderPolicyRecord>('ReminderPolicy', ReminderPolicySchema, 'reminder_policies');
  }

  find(id: string): Promise<ReminderPolicyRecord | null> {
    return this.policies.findById(id).lean<ReminderPolicyRecord>();
  }

  /** Every level (an admin listing: a scan of a tiny collection). */
  list(): Promise<ReminderPolicyRecord[]> {
    return this.policies.find().sort({ _id: 1 }).lean<ReminderPolicyRecord[]>();
  }

  async replace(policy: ReminderPolicyRecord): Promise<void> {
    await this.locks.forDocument(this.policies, policy._id, () => this.policies.replaceOne({ _id: policy._id }, policy, { upsert: true }));
  }

  async remove(id: string): Promise<boolean> {
    const res = await this.locks.forDocument(this.policies, id, () => this.policies.deleteOne({ _id: id }));
    return res.deletedCount === 1;
  }
}
