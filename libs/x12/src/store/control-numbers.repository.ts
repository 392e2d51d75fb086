import { Inject, Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { conflict, InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { HttpClearinghouseAdapter } from '../clearinghouse/http-clearinghouse.adapter';
import { ControlNumberSource, MAX_CONTROL_NUMBER } from '../control-numbers';
import { X12Error } from '../segments';

/*
 * Kept apart from the rest of libs/x12 (its own entry, @clinic-flow/x12/store): the X12 code is pure
 * and the clearinghouse simulator loads it without Nest or a database; this repository is what
 * insurance (270/278) and billing (837) each keep in their own database for their ISA13 sequences.
 */

/**
 * One document per interchange control number taken (`<sender>><receiver>#<n>`), and one hint per
 * sequence (`<sender>><receiver>`) with the last number known to be taken.
 */
interface ControlNumberRecord {
  _id: string;
  last?: number;
  takenAt?: Date;
}

const ControlNumberSchema = new Schema<ControlNumberRecord>({ _id: String, last: Number, takenAt: Date }, { versionKey: false });

/**
 * The per-document lock the repository takes (libs/messaging's DocumentLocks, which each service
 * provides under CONTROL_NUMBER_LOCKS: a shared lib does not import messaging, whose tests need the
 * testing lib).
 */
export interface ControlNumberLocks {
  forDocument<T>(model: Pick<Model<never>, 'collection'>, id: string, work: () => Promise<T>): Promise<T>;
}
export const CONTROL_NUMBER_LOCKS = Symbol('CONTROL_NUMBER_LOCKS');

/** What a service's config says of its clearinghouse (insurance's and billing's env share these names). */
export interface ClearinghouseConfig {
  CLEARINGHOUSE_URL: string;
  CLEARINGHOUSE_TIMEOUT_MS: number;
  X12_SENDER_ID: string;
  X12_RECEIVER_ID: string;
}

/** Numbers probed past the hint before giving up (other instances took them meanwhile). */
const MAX_PROBES = 1000;

/**
 * The only code that touches a service's x12_control_numbers: ISA13 sequences, one per sender and receiver,
 * each number handed out once. A number is taken by inserting its own document: the _id's
 * uniqueness holds across instances on FerretDB, where a compare-and-set of a counter does not
 * (two instances both "won" in the integration test). The hint only saves probing; the document
 * lock keeps one instance's callers from probing the same number.
 */
@Injectable()
export class ControlNumbersRepository {
  private readonly numbers: Model<ControlNumberRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(CONTROL_NUMBER_LOCKS) private readonly locks: ControlNumberLocks,
  ) {
    this.numbers = connection.model<ControlNumberRecord>('X12ControlNumber', ControlNumberSchema, 'x12_control_numbers');
  }

  /** The sequence between a sender and a receiver, as the clearinghouse adapter wants it. */
  sequence(senderId: string, receiverId: string): ControlNumberSource {
    const key = `${senderId}>${receiverId}`;
    return { next: () => this.locks.forDocument(this.numbers, key, () => this.take(key)) };
  }

  /**
   * The clearinghouse over HTTP, as a service's config names it (sender and receiver ids with ZZ
   * qualifiers), its interchanges numbered from this sequence between the two.
   */
  clearinghouse(config: ClearinghouseConfig): HttpClearinghouseAdapter {
    return new HttpClearinghouseAdapter({
      baseUrl: config.CLEARINGHOUSE_URL.replace(/\/$/, ''),
      sender: { qualifier: 'ZZ', id: config.X12_SENDER_ID },
      receiver: { qualifier: 'ZZ', id: config.X12_RECEIVER_ID },
      controlNumbers: this.sequence(config.X12_SENDER_ID, config.X12_RECEIVER_ID),
      timeoutMs: config.CLEARINGHOUSE_TIMEOUT_MS,
    });
  }

  private async take(key: string): Promise<number> {
    const hint = await this.numbers.findById(key).lean<ControlNumberRecord>();
    let n = (hint?.last ?? 0) + 1;
    for (let probe = 0; probe < MAX_PROBES; probe++, n++) {
      if (n > MAX_CONTROL_NUMBER) throw new X12Error('X12.CONTROL_NUMBERS_EXHAUSTED', `interchange control numbers ${key} are exhausted`);
      try {
        await this.numbers.create({ _id: `${key}#${n}`, takenAt: new Date() });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      await this.remember(key, n);
      return n;
    }
    throw conflict('X12.CONTROL_NUMBER_CONTENDED', `could not take an interchange control number for ${key}; try again`);
  }

  /**
   * Moves the hint to the number just taken. Two instances creating the first hint of a sequence at
   * once collide on its _id (the upsert's insert); the loser's hint exists by then, so it updates it.
   * The number is already taken either way: the hint only saves probing.
   */
  private async remember(key: string, n: number): Promise<void> {
    try {
      await this.numbers.updateOne({ _id: key }, { $set: { last: n } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.numbers.updateOne({ _id: key }, { $set: { last: n } });
    }
  }
}
