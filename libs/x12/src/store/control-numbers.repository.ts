import { Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { conflict, InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { ControlNumberSource, MAX_CONTROL_NUMBER, X12Error } from '@clinic-flow/x12';

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

/** Numbers probed past the hint before giving up (other instances took them meanwhile). */
const MAX_PROBES = 1000;

/**
 * The only code that touches x12_control_numbers: ISA13 sequences, one per sender and receiver,
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
    private readonly locks: DocumentLocks,
  ) {
    this.numbers = connection.model<ControlNumberRecord>('X12ControlNumber', ControlNumberSchema, 'x12_control_numbers');
  }

  /** The sequence between a sender and a receiver, as the clearinghouse adapter wants it. */
  sequence(senderId: string, receiverId: string): ControlNumberSource {
    const key = `${senderId}>${receiverId}`;
    return { next: () => this.locks.forDocument(this.numbers, key, () => this.take(key)) };
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
