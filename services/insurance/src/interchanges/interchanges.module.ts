import { Module } from '@nestjs/common';
import { DocumentLocks } from '@clinic-flow/messaging';
import { CONTROL_NUMBER_LOCKS, ControlNumbersRepository } from '@clinic-flow/x12/store';

/** What the insurance service keeps of its X12 exchanges: interchange control numbers, never reused. */
@Module({
  providers: [ControlNumbersRepository, { provide: CONTROL_NUMBER_LOCKS, useExisting: DocumentLocks }],
  exports: [ControlNumbersRepository],
})
export class InterchangesModule {}
