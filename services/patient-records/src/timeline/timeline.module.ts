import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { TimelineConsumer } from './timeline.consumer';
import { TimelineController } from './timeline.controller';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

/** The patient timeline: a projection of patient-records', scheduling's and notification's events, read through PatientAccess. */
@Module({
  imports: [PatientsModule],
  controllers: [TimelineController, TimelineConsumer],
  providers: [TimelineRepository, TimelineService],
})
export class TimelineModule {}
