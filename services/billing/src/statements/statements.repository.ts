import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, OutboxEntry } from '@clinic-flow/messaging';
import { StatementRecord, StatementSchema } from './statements.schema';

/** The only code that touches the statements collection; a statement belongs to the site that issued it. */
@Injectable()
export class StatementsRepository {
  private readonly store: AggregateStore<StatementRecord, 'byAccount'>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<StatementRecord, 'byAccount'>({
      name: 'Statement',
      collection: 'statements',
      schema: StatementSchema,
      site: (s) => s.siteId,
      lookups: { byAccount: { collection: 'account_statements', field: 'statementIds', keys: (s) => [s.accountId] } },
      sealed: ['guarantor', 'lines'],
    });
  }

  findById(scope: SiteScope, id: string): Promise<StatementRecord | null> {
    return this.store.findById(scope, id);
  }

  forAccount(scope: SiteScope, accountId: string): Promise<StatementRecord[]> {
    return this.store.findBy(scope, 'byAccount', accountId);
  }

  insertOnce(scope: SiteScope, statement: Omit<StatementRecord, 'version'>, events: OutboxEntry[]) {
    return this.store.insertOnce(scope, statement, events);
  }
}
