import { Module } from '@nestjs/common';
import { PatientNamesConsumer } from './patient-names.consumer';
import { PatientNamesRepository } from './patient-names.repository';

/** Patients' names for schedules, kept from patient-records' events. */
@Module({
  controllers: [PatientNamesConsumer],
  providers: [PatientNamesRepository],
  exports: [PatientNamesRepository],
})
export class PatientsModule {}
