import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { StatementsConsumer } from './statements.consumer';

/** Billing's statements (statement.issued): the patient is told a statement is ready, through the messages pipeline. */
@Module({
  imports: [MessagesModule],
  controllers: [StatementsConsumer],
})
export class StatementsModule {}
