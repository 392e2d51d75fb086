import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ClaimsModule } from '../claims/claims.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Collections per period, A/R aging (patient and payer), denials by reason and days in A/R, JSON or CSV. */
@Module({
  imports: [AccountsModule, ClaimsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
