import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { ClinicalFhirController } from './clinical-fhir.controller';
import { ClinicalController } from './clinical.controller';
import { ClinicalRepository } from './clinical.repository';
import { ClinicalService } from './clinical.service';
import { DemoClinicalSeed } from './demo-clinical.seed';

/** Allergies, problem list (ICD-10-CM), medication list and vitals, with their FHIR reads. */
@Module({
  imports: [PatientsModule],
  controllers: [ClinicalController, ClinicalFhirController],
  providers: [ClinicalRepository, ClinicalService, DemoClinicalSeed],
  exports: [ClinicalService],
})
export class ClinicalModule {}
