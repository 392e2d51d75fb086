import { Module } from '@nestjs/common';
import { DemoPatientsSeed } from './demo-patients.seed';
import { PatientAccess } from './patient-access';
import { PatientSearchIndex } from './patient-search.index';
import { PatientSearchLoader } from './patient-search.loader';
import { PatientsController } from './patients.controller';
import { PatientsFhirController } from './patients-fhir.controller';
import { PatientsRepository } from './patients.repository';
import { PatientsService } from './patients.service';

/** Registration, demographics, search and duplicates of patients; PatientAccess for every feature that keeps something about a patient. */
@Module({
  controllers: [PatientsController, PatientsFhirController],
  providers: [PatientSearchIndex, PatientsRepository, PatientsService, PatientSearchLoader, DemoPatientsSeed, PatientAccess],
  exports: [PatientAccess, PatientsService, PatientsRepository],
})
export class PatientsModule {}
