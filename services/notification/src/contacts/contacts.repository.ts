import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { InjectConnection } from '@clinic-flow/platform';
import { ContactRecord, ContactSchema } from './contacts.schema';

@Injectable()
export class ContactsRepository {
  private readonly contacts: Model<ContactRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.contacts = connection.model<ContactRecord>('Contact', ContactSchema, 'contacts');
  }

  /** Idempotent: applying the same patient event twice leaves the same document. */
  async upsert(contact: ContactRecord): Promise<void> {
    const { _id, ...fields } = contact;
    await this.contacts.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  find(patientId: string): Promise<ContactRecord | null> {
    return this.contacts.findById(patientId).lean<ContactRecord>();
  }
}
