import { Module } from '@nestjs/common';
import { SitesModule } from '@clinic-flow/visits';
import { ProcedureCodesController } from './procedure-codes.controller';
import { ProcedureCodesRepository } from './procedure-codes.repository';
import { ProcedureCodesService } from './procedure-codes.service';

/** Procedure codes: the shipped HCPCS Level II subset, and CPT (or placeholders) loaded from a licensed file. */
@Module({
  imports: [SitesModule],
  controllers: [ProcedureCodesController],
  providers: [ProcedureCodesRepository, ProcedureCodesService],
  exports: [ProcedureCodesService],
})
export class ProcedureCodesModule {}
