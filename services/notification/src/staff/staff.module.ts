import { Module } from '@nestjs/common';
import { DemoStaffSeed } from './demo-staff.seed';
import { StaffConsumer } from './staff.consumer';
import { StaffDirectory } from './staff.repository';

/** The staff directory: who works where in which role, from the gateway's account events (issue 10: whom to tell). */
@Module({
  controllers: [StaffConsumer],
  providers: [StaffDirectory, DemoStaffSeed],
  exports: [StaffDirectory],
})
export class StaffModule {}
