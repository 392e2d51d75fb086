import { Module } from '@nestjs/common';
import { ControlNumbersRepository } from '@clinic-flow/x12/store';

/** What the insurance service keeps of its X12 exchanges: interchange control numbers, never reused. */
@Module({
  providers: [ControlNumbersRepository],
  exports: [ControlNumbersRepository],
})
export class InterchangesModule {}
