import { Module } from '@nestjs/common';
import { VisitsModule } from '@clinic-flow/visits';
import { FeeScheduleModule } from '../fee-schedule/fee-schedule.module';
import { ProcedureCodesModule } from '../procedure-codes/procedure-codes.module';
import { EncountersController } from './encounters.controller';
import { EncountersListener } from './encounters.listener';
import { EncountersRepository } from './encounters.repository';
import { EncountersService } from './encounters.service';
import { PatientSnapshots } from './patient-snapshot';

/** Encounters: drafted at checkout, coded by providers and coders, signed off as ready to claim. */
@Module({
  imports: [VisitsModule, FeeScheduleModule, ProcedureCodesModule],
  controllers: [EncountersController],
  providers: [EncountersRepository, EncountersService, EncountersListener, PatientSnapshots],
  exports: [EncountersService, EncountersRepository],
})
export class EncountersModule {}
