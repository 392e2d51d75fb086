import { Module } from '@nestjs/common';
import { BreakGlassRepository } from './break-glass.repository';
import { SitesModule } from '../sites/sites.module';
import { CareSitesConsumer } from './care-sites.consumer';
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
  // The care-relationship rule needs the network's sites and the break-the-glass accesses.
  imports: [SitesModule],
  controllers: [PatientsController, PatientsFhirController, CareSitesConsumer],
  providers: [PatientSearchIndex, PatientsRepository, PatientsService, PatientSearchLoader, DemoPatientsSeed, PatientAccess, BreakGlassRepository],
  exports: [PatientAccess, PatientsService, PatientsRepository, BreakGlassRepository],
})
export class PatientsModule {}
