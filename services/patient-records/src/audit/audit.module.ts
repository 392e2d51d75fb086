import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { PatientAccessesController } from './patient-accesses.controller';

/** A patient's accesses (accounting of disclosures), opened through PatientAccess; the trail itself is @clinic-flow/audit. */
@Module({
  imports: [PatientsModule],
  controllers: [PatientAccessesController],
})
export class PatientAuditModule {}
