import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { MergesConsumer } from './merges.consumer';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to messages. */
@Module({
  imports: [MessagesModule],
  controllers: [MergesConsumer],
  providers: [MergesService],
})
export class MergesModule {}
