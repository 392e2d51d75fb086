import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientContactUpdatedData, PatientContactUpdatedV1, PatientRegisteredData, PatientRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { ContactsRepository } from './contacts.repository';
import { ContactRecord } from './contacts.schema';

/** The contact state both patient events carry (registration may predate language and opt-outs). */
const contactOf = (p: PatientRegisteredData | PatientContactUpdatedData, asOf: Date): ContactRecord => ({
  _id: p.patientId,
  firstName: p.firstName,
  email: p.email,
  phone: p.phone,
  preferredChannel: p.preferredChannel,
  language: p.language ?? 'en',
  optedOutChannels: p.optedOutChannels ?? [],
  asOf,
  updatedAt: new Date(),
});

/** Keeps the contacts view: each event carries the full contact state, so applying it is a replace. */
@Controller()
export class ContactsConsumer {
  constructor(private readonly contacts: ContactsRepository) {}

  @OnEvent(PatientRegisteredV1)
  async onPatientRegistered(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    await this.contacts.upsertIfNewer(contactOf(event.data, new Date(event.time)));
  }

  @OnEvent(PatientContactUpdatedV1)
  async onContactUpdated(@Payload() event: EventEnvelope<PatientContactUpdatedData>): Promise<void> {
    await this.contacts.upsertIfNewer(contactOf(event.data, new Date(event.data.changedAt)));
  }
}
