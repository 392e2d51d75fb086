import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { PatientGuarantor } from './patient-guarantor';

/** Guarantors' accounts: opened for a patient's guarantor, read, charged, adjusted, reversed (through the ledger). */
@Module({
  imports: [LedgerModule],
  controllers: [AccountsController],
  providers: [AccountsService, PatientGuarantor],
  exports: [AccountsService, PatientGuarantor, LedgerModule],
})
export class AccountsModule {}
