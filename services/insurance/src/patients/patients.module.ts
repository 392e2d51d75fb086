import { Module } from '@nestjs/common';
import { PatientDemographicsConsumer } from './patient-demographics.consumer';
import { PatientDemographicsRepository } from './patient-demographics.repository';

/** Patients' names and dates of birth for the eligibility checks that run without a caller, kept from patient-records' events. */
@Module({
  controllers: [PatientDemographicsConsumer],
  providers: [PatientDemographicsRepository],
  exports: [PatientDemographicsRepository],
})
export class PatientsModule {}
