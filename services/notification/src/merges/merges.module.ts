import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { MergesConsumer } from './merges.consumer';
import { MergeMovesRepository } from './merges.repository';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to messages. */
@Module({
  imports: [MessagesModule],
  controllers: [MergesConsumer],
  providers: [MergeMovesRepository, MergesService],
})
export class MergesModule {}
