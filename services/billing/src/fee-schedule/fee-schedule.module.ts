import { Module } from '@nestjs/common';
import { ProcedureCodesModule } from '../procedure-codes/procedure-codes.module';
import { DemoFeeScheduleSeed } from './demo-fee-schedule.seed';
import { FeeScheduleController } from './fee-schedule.controller';
import { FeeScheduleRepository } from './fee-schedule.repository';
import { FeeScheduleService } from './fee-schedule.service';

/** Each site's fee schedule: prices with effective dates, payers' allowed amounts, default charge lines. */
@Module({
  imports: [ProcedureCodesModule],
  controllers: [FeeScheduleController],
  providers: [FeeScheduleRepository, FeeScheduleService, DemoFeeScheduleSeed],
  exports: [FeeScheduleService],
})
export class FeeScheduleModule {}
