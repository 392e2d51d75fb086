import { Injectable } from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { afterFailure, ThrottlePolicy, ThrottleState } from './throttle.rules';

/** One counter per account (`account:<email>`) or client address (`address:<ip>`). */
interface ThrottleRecord extends ThrottleState {
  _id: string;
  version: number;
}

const ThrottleSchema = new Schema<ThrottleRecord>(
  { _id: String, version: { type: Number, required: true }, failures: Number, lastFailureAt: Date, blockedUntil: Date },
  { versionKey: false },
);

const CAS_ATTEMPTS = 8;

/**
 * Failure counters in the gateway's database, so every gateway instance sees the same counts.
 * A failure is a read-decide-write of one document guarded by a compare-and-set on `version`
 * (retried when another instance won), under this process's document lock (FerretDB 1.24 may
 * otherwise lose one of two concurrent updates in one process).
 */
@Injectable()
export class ThrottleRepository {
  private readonly counters: Model<ThrottleRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
  ) {
    this.counters = connection.model<ThrottleRecord>('SignInThrottle', ThrottleSchema, 'sign_in_throttle');
  }

  async states(keys: string[]): Promise<Array<ThrottleState | null>> {
    return Promise.all(keys.map((key) => this.counters.findById(key).lean<ThrottleRecord>()));
  }

  async recordFailure(key: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleState> {
    return this.locks.forDocument(this.counters, key, async () => {
      for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        const stored = await this.counters.findById(key).lean<ThrottleRecord>();
        const next = afterFailure(stored, policy, now);
        const fields = { failures: next.failures, lastFailureAt: next.lastFailureAt, blockedUntil: next.blockedUntil ?? null };
        if (!stored) {
          try {
            await this.counters.create({ _id: key, version: 1, ...fields });
            return next;
          } catch (error) {
            if (isDuplicateKeyError(error)) continue;
            throw error;
          }
        }
        const res = await this.counters.updateOne({ _id: key, version: stored.version }, { $set: { ...fields, version: stored.version + 1 } });
        if (res.modifiedCount === 1) return next;
      }
      throw new Error(`sign-in counter ${key} kept changing under us`);
    });
  }

  async clear(key: string): Promise<void> {
    await this.locks.forDocument(this.counters, key, () => this.counters.deleteOne({ _id: key }));
  }
}
