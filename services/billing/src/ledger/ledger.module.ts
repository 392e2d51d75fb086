import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { LedgerService } from './ledger.service';

/** The accounts' store (each account holds its ledger) and LedgerService.post, the one way to write it. */
@Module({
  providers: [AccountsRepository, LedgerService],
  exports: [AccountsRepository, LedgerService],
})
export class LedgerModule {}
