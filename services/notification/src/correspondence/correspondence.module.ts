import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { CorrespondenceConsumer } from './correspondence.consumer';

/** Letters' links and referral reminders from patient-records, through the messages pipeline. */
@Module({
  imports: [MessagesModule],
  controllers: [CorrespondenceConsumer],
})
export class CorrespondenceModule {}
