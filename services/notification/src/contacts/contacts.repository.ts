import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { ContactRecord, ContactSchema } from './contacts.schema';

@Injectable()
export class ContactsRepository {
  private readonly contacts: Model<ContactRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
  ) {
    this.contacts = connection.model<ContactRecord>('Contact', ContactSchema, 'contacts');
  }

  /**
   * Last writer by patient-records' time wins: a redelivered or late event older than what is
   * stored changes nothing (the same event twice leaves the same document). Returns whether it applied.
   */
  async upsertIfNewer(contact: ContactRecord): Promise<boolean> {
    return this.locks.forDocument(this.contacts, contact._id, async () => {
      const stored = await this.contacts.findById(contact._id, { asOf: 1 }).lean<Pick<ContactRecord, 'asOf'>>();
      if (stored?.asOf && stored.asOf.getTime() > contact.asOf.getTime()) return false;
      const { _id, ...fields } = contact;
      const unset = Object.fromEntries((['email', 'phone'] as const).filter((f) => fields[f] === undefined).map((f) => [f, 1]));
      await this.contacts.updateOne({ _id }, { $set: fields, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { upsert: true });
      return true;
    });
  }

  find(patientId: string): Promise<ContactRecord | null> {
    return this.contacts.findById(patientId).lean<ContactRecord>();
  }
}
