import { Module } from '@nestjs/common';
import { ContactsConsumer } from './contacts.consumer';
import { ContactsRepository } from './contacts.repository';

/** How to reach each patient, kept from patient-records' events. */
@Module({
  controllers: [ContactsConsumer],
  providers: [ContactsRepository],
  exports: [ContactsRepository],
})
export class ContactsModule {}
