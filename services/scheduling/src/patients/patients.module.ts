import { Module } from '@nestjs/common';
import { PatientCheck } from './patient-check';
import { PatientNamesConsumer } from './patient-names.consumer';
import { PatientNamesRepository } from './patient-names.repository';

/** Patients' names for schedules, kept from patient-records' events, and whether a patient exists. */
@Module({
  controllers: [PatientNamesConsumer],
  providers: [PatientNamesRepository, PatientCheck],
  exports: [PatientNamesRepository, PatientCheck],
})
export class PatientsModule {}
