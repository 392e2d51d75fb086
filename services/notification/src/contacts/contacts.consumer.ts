import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientRegisteredData, PatientRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { ContactsRepository } from './contacts.repository';

@Controller()
export class ContactsConsumer {
  constructor(private readonly contacts: ContactsRepository) {}

  @OnEvent(PatientRegisteredV1)
  async onPatientRegistered(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    const p = event.data;
    await this.contacts.upsert({
      _id: p.patientId,
      firstName: p.firstName,
      email: p.email,
      phone: p.phone,
      preferredChannel: p.preferredChannel,
      updatedAt: new Date(event.time),
    });
  }
}
