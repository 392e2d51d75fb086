import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { DATA_PROTECTION, DataProtection, DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { ContactRecord, ContactSchema } from './contacts.schema';

/** The only code that touches the contacts collection: patients' contact points, from patient-records' events. */
@Injectable()
export class ContactsRepository {
  private readonly contacts: ProjectionStore<ContactRecord>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks, @Inject(DATA_PROTECTION) protection: DataProtection) {
    // Name, email and phone are sealed; channel preferences stay readable.
    this.contacts = new ProjectionStore<ContactRecord>(
      connection,
      locks,
      { name: 'Contact', collection: 'contacts', schema: ContactSchema, sealed: ['firstName', 'email', 'phone'] },
      protection,
    );
  }

  /**
   * Last writer by patient-records' time wins: a redelivered or late event older than what is
   * stored changes nothing (the same event twice leaves the same document). Returns whether it applied.
   */
  upsertIfNewer(contact: ContactRecord): Promise<boolean> {
    return this.contacts.upsertIfNewer(contact);
  }

  find(patientId: string): Promise<ContactRecord | null> {
    return this.contacts.findById(patientId);
  }
}
