import { Module } from '@nestjs/common';
import { PayersModule } from '../payers/payers.module';
import { CoveragesController } from './coverages.controller';
import { CoveragesRepository } from './coverages.repository';
import { CoveragesService } from './coverages.service';
import { PatientCheck } from './patient-check';

/** Patients' insurance coverages: payer, plan, coordination-of-benefits order, subscriber, member id, dates. */
@Module({
  imports: [PayersModule],
  controllers: [CoveragesController],
  providers: [CoveragesRepository, CoveragesService, PatientCheck],
  exports: [CoveragesService, CoveragesRepository, PatientCheck],
})
export class CoveragesModule {}
