import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { ContactsModule } from '../contacts/contacts.module';
import { MessagesModule } from '../messages/messages.module';
import { ResponsesController } from './responses.controller';
import { ResponsesRepository } from './responses.repository';
import { ResponsesService } from './responses.service';

/** Patients answering their messages, by signed link or SMS reply. */
@Module({
  imports: [ChannelsModule, ContactsModule, MessagesModule],
  controllers: [ResponsesController],
  providers: [ResponsesRepository, ResponsesService],
})
export class ResponsesModule {}
