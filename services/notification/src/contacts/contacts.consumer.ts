import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientContactUpdatedData, PatientContactUpdatedV1, PatientRegisteredData, PatientRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { ContactsRepository } from './contacts.repository';

/** Keeps the contacts view: each event carries the full contact state, so applying it is a replace. */
@Controller()
export class ContactsConsumer {
  constructor(private readonly contacts: ContactsRepository) {}

  @OnEvent(PatientRegisteredV1)
  async onPatientRegistered(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    const p = event.data;
    await this.contacts.upsertIfNewer({
      _id: p.patientId,
      firstName: p.firstName,
      email: p.email,
      phone: p.phone,
      preferredChannel: p.preferredChannel,
      language: p.language ?? 'en',
      optedOutChannels: p.optedOutChannels ?? [],
      asOf: new Date(event.time),
      updatedAt: new Date(),
    });
  }

  @OnEvent(PatientContactUpdatedV1)
  async onContactUpdated(@Payload() event: EventEnvelope<PatientContactUpdatedData>): Promise<void> {
    const p = event.data;
    await this.contacts.upsertIfNewer({
      _id: p.patientId,
      firstName: p.firstName,
      email: p.email,
      phone: p.phone,
      preferredChannel: p.preferredChannel,
      language: p.language,
      optedOutChannels: p.optedOutChannels,
      asOf: new Date(p.changedAt),
      updatedAt: new Date(),
    });
  }
}
