import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { ReferralRecord, ReferralSchema } from './referrals.schema';

/** The only code that touches the referrals collection; a referral is kept under its patient's site. */
@Injectable()
export class ReferralsRepository {
  private readonly referrals: AggregateStore<ReferralRecord, 'byPatient'>;

  constructor(stores: AggregateStores) {
    this.referrals = stores.create<ReferralRecord, 'byPatient'>({
      name: 'Referral',
      collection: 'referrals',
      schema: ReferralSchema,
      site: (r) => r.siteId,
      lookups: { byPatient: { collection: 'patient_referrals', field: 'referralIds', keys: (r) => [r.patientId] } },
      // What the patient is referred for, to whom, and the notes along the way.
      sealed: ['specialty', 'specialistName', 'practice', 'reasonCode', 'reason', 'steps', 'appointmentWith'],
    });
  }

  insert(scope: SiteScope, referral: Omit<ReferralRecord, 'version'>, events: OutboxEntry[]): Promise<ReferralRecord> {
    return this.referrals.insert(scope, referral, events);
  }

  /** Inserts under a fixed id unless it exists (demo seed). */
  insertOnce(scope: SiteScope, referral: Omit<ReferralRecord, 'version'>, events: OutboxEntry[]): Promise<{ doc: ReferralRecord; created: boolean }> {
    return this.referrals.insertOnce(scope, referral, events);
  }

  findById(scope: SiteScope, id: string): Promise<ReferralRecord | null> {
    return this.referrals.findById(scope, id);
  }

  /** The referrals kept under any of these patient record ids (a patient and the records merged into it). */
  async ofPatient(scope: SiteScope, recordIds: string[]): Promise<ReferralRecord[]> {
    return (await Promise.all(recordIds.map((id) => this.referrals.findBy(scope, 'byPatient', id)))).flat();
  }

  /** Every referral (the reconcile at start-up re-plans the open ones' timers). */
  all(scope: SiteScope): Promise<ReferralRecord[]> {
    return this.referrals.findAll(scope);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: ReferralRecord) => Decision<ReferralRecord, R>): Promise<{ doc: ReferralRecord; written: boolean; result?: R } | null> {
    return this.referrals.update(scope, id, decide);
  }
}
