import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { PayerRecord, PayerSchema } from './payers.schema';

/**
 * The only code that touches the payers collection. Payers are network-wide (every site bills the
 * same payers): the service checks who may change them; writes and their events go through the
 * AggregateStore.
 */
@Injectable()
export class PayersRepository {
  private readonly store: AggregateStore<PayerRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<PayerRecord>({ name: 'Payer', collection: 'payers', schema: PayerSchema, site: 'network-wide' });
  }

  findById(scope: SiteScope, id: string): Promise<PayerRecord | null> {
    return this.store.findById(scope, id);
  }

  /** Every payer (a few dozen: a scan is cheap). */
  async findAll(scope: SiteScope): Promise<PayerRecord[]> {
    return (await this.store.findAll(scope)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Inserts unless the id is taken; `created` says which. */
  insertOnce(scope: SiteScope, payer: Omit<PayerRecord, 'version'>, events: OutboxEntry[]): Promise<{ doc: PayerRecord; created: boolean }> {
    return this.store.insertOnce(scope, payer, events);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: PayerRecord) => Decision<PayerRecord, R>) {
    return this.store.update(scope, id, decide);
  }
}
