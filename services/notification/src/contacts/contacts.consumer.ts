import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  EventEnvelope,
  PatientContactUpdatedData,
  PatientContactUpdatedV1,
  PatientDemographicsChangedData,
  PatientDemographicsChangedV1,
  PatientRegisteredData,
  PatientRegisteredV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { ContactsRepository } from './contacts.repository';
import { ContactRecord } from './contacts.schema';

/** The contact state every patient event carries (registration may predate language and opt-outs). */
const contactOf = (p: PatientRegisteredData | PatientContactUpdatedData | PatientDemographicsChangedData, asOf: Date): ContactRecord => ({
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

  /** A rename (the first name messages greet with) or a contact change: the event carries the full current state. */
  @OnEvent(PatientDemographicsChangedV1)
  async onDemographicsChanged(@Payload() event: EventEnvelope<PatientDemographicsChangedData>): Promise<void> {
    await this.contacts.upsertIfNewer(contactOf(event.data, new Date(event.data.changedAt)));
  }
}
