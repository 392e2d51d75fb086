import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { AccountRecord, AccountSchema } from './accounts.schema';

/** The account of a patient's guarantor: one per patient, so its id follows from the patient's. */
export const accountIdFor = (patientId: string) => `acct-${patientId}`;

/** The only code that touches the accounts collection (each account holds its whole ledger). */
@Injectable()
export class AccountsRepository {
  private readonly store: AggregateStore<AccountRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<AccountRecord>({
      name: 'Account',
      collection: 'accounts',
      schema: AccountSchema,
      // Access follows the patient's care relationship (asked of patient-records); entries name their site for reports.
      site: 'network-wide',
      sealed: ['guarantor', 'entries', 'payments', 'refunds'],
    });
  }

  findById(scope: SiteScope, id: string): Promise<AccountRecord | null> {
    return this.store.findById(scope, id);
  }

  insertOnce(scope: SiteScope, account: Omit<AccountRecord, 'version'>, events: OutboxEntry[] = []) {
    return this.store.insertOnce(scope, account, events);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: AccountRecord) => Decision<AccountRecord, R>) {
    return this.store.update(scope, id, decide);
  }

  /** Every account, streamed (statement runs and reports: a scan, see the README's note on scale). */
  forEach(scope: SiteScope, visit: (account: AccountRecord) => void): Promise<number> {
    return this.store.forEach(scope, visit, 200);
  }
}
