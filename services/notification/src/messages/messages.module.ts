import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { ChannelsModule } from '../channels/channels.module';
import { ContactsModule } from '../contacts/contacts.module';
import { PoliciesModule } from '../policies/policies.module';
import { AppointmentEventsService } from './appointment-events.service';
import { MessageDeliveryService } from './delivery.service';
import { MessageEvents } from './message-events';
import { MessagesConsumer } from './messages.consumer';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { messagesWorker } from './messages.worker';
import { MessagePlanningService } from './planning.service';
import { MessageQueriesService } from './queries.service';
import { MessageRecoveryService, messagesSource } from './recovery.service';
import { SmsThreadsRepository } from './sms-threads.repository';

/**
 * Every message to patients (reminders, follow-ups, outreach, recalls, waitlist offers): planned
 * from appointment and waitlist events, delivered by its job, listed for staff.
 */
@Module({
  imports: [ChannelsModule, ContactsModule, PoliciesModule],
  controllers: [MessagesController, MessagesConsumer],
  providers: [
    ...jobQueueProviders([messagesWorker]),
    ...jobSourceProviders([messagesSource]),
    MessageRecoveryService,
    MessagesRepository,
    SmsThreadsRepository,
    MessageEvents,
    MessagePlanningService,
    AppointmentEventsService,
    MessageDeliveryService,
    MessageQueriesService,
  ],
  exports: [MessagesRepository, SmsThreadsRepository, MessagePlanningService],
})
export class MessagesModule {}
