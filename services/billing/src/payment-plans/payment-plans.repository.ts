import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { PaymentPlanRecord, PaymentPlanSchema } from './payment-plans.schema';

export const planIdFor = (accountId: string) => `plan-${accountId.replace(/^acct-/, '')}`;

/** The only code that touches the payment plans collection. */
@Injectable()
export class PaymentPlansRepository {
  private readonly store: AggregateStore<PaymentPlanRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<PaymentPlanRecord>({
      name: 'PaymentPlan',
      collection: 'payment_plans',
      schema: PaymentPlanSchema,
      // Follows its account (the patient's care relationship); the monthly job reads them all.
      site: 'network-wide',
      sealed: ['cardToken', 'installments'],
    });
  }

  findById(scope: SiteScope, id: string): Promise<PaymentPlanRecord | null> {
    return this.store.findById(scope, id);
  }

  upsert<R>(scope: SiteScope, id: string, decide: (current: PaymentPlanRecord | null) => Decision<PaymentPlanRecord, R>) {
    return this.store.upsert(scope, id, decide);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: PaymentPlanRecord) => Decision<PaymentPlanRecord, R>) {
    return this.store.update(scope, id, decide);
  }

  forEach(scope: SiteScope, visit: (plan: PaymentPlanRecord) => void): Promise<number> {
    return this.store.forEach(scope, visit, 200);
  }
}
