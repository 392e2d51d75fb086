import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { SitesModule } from '@clinic-flow/visits';
import { AccountsModule } from '../accounts/accounts.module';
import { PaymentPlansModule } from '../payment-plans/payment-plans.module';
import { StatementTickPlanner, statementTickSource } from './statement-tick.queue';
import { statementTickWorker } from './statement-tick.worker';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';

/** Statements (PDF), the monthly cycle and the dunning sequence, announced to notification (statement.issued). */
@Module({
  imports: [AccountsModule, SitesModule, PaymentPlansModule],
  controllers: [StatementsController],
  providers: [...jobQueueProviders([statementTickWorker]), ...jobSourceProviders([statementTickSource]), StatementsRepository, StatementsService, StatementTickPlanner],
})
export class StatementsModule {}
