import { Module } from '@nestjs/common';
import { MergedPatientsRepository } from './merged-patients.repository';
import { PatientCheck } from './patient-check';
import { PatientNamesConsumer } from './patient-names.consumer';
import { PatientNamesRepository } from './patient-names.repository';

/** Patients' names for schedules, kept from patient-records' events, and whether a patient exists. */
@Module({
  controllers: [PatientNamesConsumer],
  providers: [PatientNamesRepository, PatientCheck, MergedPatientsRepository],
  exports: [PatientNamesRepository, PatientCheck, MergedPatientsRepository],
})
export class PatientsModule {}
