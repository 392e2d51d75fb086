import { Module } from '@nestjs/common';
import { DemoPatientsSeed } from './demo-patients.seed';
import { PatientAccess } from './patient-access';
import { PatientsController } from './patients.controller';
import { PatientsRepository } from './patients.repository';
import { PatientsService } from './patients.service';

/** Registration, demographics and contact of patients; PatientAccess for every feature that keeps something about a patient. */
@Module({
  controllers: [PatientsController],
  providers: [PatientsRepository, PatientsService, DemoPatientsSeed, PatientAccess],
  exports: [PatientAccess, PatientsService, PatientsRepository],
})
export class PatientsModule {}
