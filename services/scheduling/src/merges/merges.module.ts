import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { PatientsModule } from '../patients/patients.module';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { MergesConsumer } from './merges.consumer';
import { MergesService } from './merges.service';

/** Patient merges and unmerges from patient-records, applied to appointments and the waitlist. */
@Module({
  imports: [AppointmentsModule, WaitlistModule, PatientsModule],
  controllers: [MergesConsumer],
  providers: [MergesService],
})
export class MergesModule {}
