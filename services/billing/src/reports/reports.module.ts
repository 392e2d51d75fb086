import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Collections per period and patient A/R aging from the ledgers, JSON or CSV. */
@Module({
  imports: [AccountsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
