import { Module } from '@nestjs/common';
import { LedgerService } from '../ledger/ledger.service';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PatientGuarantor } from './patient-guarantor';

/** Guarantors' accounts and their append-only ledger (LedgerService.post is the one way in). */
@Module({
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService, PatientGuarantor, LedgerService],
  exports: [AccountsRepository, AccountsService, PatientGuarantor, LedgerService],
})
export class AccountsModule {}
