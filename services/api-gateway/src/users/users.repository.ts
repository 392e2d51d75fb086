import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { UserRecord, UserSchema } from './users.schema';

/**
 * The only code that touches the users collection. Writes that are account changes go through the
 * AggregateStore, so the change, its history entry and its event are one atomic write. Accounts
 * are network-wide documents (a person may work at several sites): the users service decides who
 * may manage which account; look-ups by email read the collection directly (its unique index).
 */
@Injectable()
export class UsersRepository {
  private readonly store: AggregateStore<UserRecord>;
  private readonly users: Model<UserRecord>;
  private readonly system = SiteScope.service('identity');

  constructor(@InjectConnection() connection: Connection, stores: AggregateStores) {
    this.store = stores.create<UserRecord>({ name: 'User', collection: 'users', schema: UserSchema, site: 'network-wide' });
    this.users = connection.model<UserRecord>('User');
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.users.findOne({ email: email.toLowerCase() }).lean<UserRecord>();
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.store.findById(this.system, id);
  }

  /** Every account with a site among these (the caller's sites). */
  findAtSites(siteIds: string[]): Promise<UserRecord[]> {
    return this.users.find({ siteIds: { $in: siteIds } }, { passwordHash: 0, totpSecret: 0, totpPendingSecret: 0, outbox: 0 }).sort({ email: 1 }).lean<UserRecord[]>();
  }

  async exists(email: string): Promise<boolean> {
    return (await this.users.exists({ email: email.toLowerCase() })) !== null;
  }

  /** Creates the user unless one with that email exists (seeding keeps earlier data). */
  async insertIfMissing(user: Omit<UserRecord, 'version'>): Promise<void> {
    await this.users.updateOne({ email: user.email }, { $setOnInsert: { ...user, version: 0 } }, { upsert: true });
  }

  /** Accounts written before they had a version get one, so the store's compare-and-set applies to them. */
  async backfillVersions(): Promise<void> {
    await this.users.updateMany({ version: { $exists: false } }, { $set: { version: 0 } });
  }

  insert(user: Omit<UserRecord, 'version'>, events: OutboxEntry[]): Promise<UserRecord> {
    return this.store.insert(this.system, user, events);
  }

  /** Read-decide-write of one account; null if there is none. */
  async update<R>(id: string, decide: (current: UserRecord) => Decision<UserRecord, R>): Promise<{ doc: UserRecord; result?: R } | null> {
    const outcome = await this.store.update(this.system, id, decide);
    return outcome && { doc: outcome.doc, result: outcome.result };
  }
}
