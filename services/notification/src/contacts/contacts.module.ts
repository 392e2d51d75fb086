import { Module } from '@nestjs/common';
import { ChannelConsentsConsumer } from './channel-consents.consumer';
import { ChannelConsentsRepository } from './channel-consents.repository';
import { ContactsConsumer } from './contacts.consumer';
import { ContactsRepository } from './contacts.repository';

/** How to reach each patient, and on which channels their communication consent is revoked, kept from patient-records' events. */
@Module({
  controllers: [ContactsConsumer, ChannelConsentsConsumer],
  providers: [ContactsRepository, ChannelConsentsRepository],
  exports: [ContactsRepository, ChannelConsentsRepository],
})
export class ContactsModule {}
