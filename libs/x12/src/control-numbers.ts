/*
 * Control numbers: ISA13 is 9 digits and is never reused between a sender and a receiver (the
 * caller's ControlNumberSource keeps the sequence, e.g. in the database); GS06 is 1 to 9 digits;
 * ST02 is at least 4 digits and unique within its group.
 */
import { X12Error } from './segments';

export const MAX_CONTROL_NUMBER = 999_999_999;

function check(n: number, what: string) {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONTROL_NUMBER) throw new X12Error('X12.INVALID_CONTROL_NUMBER', `${what} must be a whole number from 1 to 999999999 (got ${n})`);
}

/** ISA13/IEA02: exactly 9 digits, zero-padded. */
export function formatInterchangeControlNumber(n: number): string {
  check(n, 'ISA13');
  return String(n).padStart(9, '0');
}

/** GS06/GE02: 1 to 9 digits, no padding. */
export function formatGroupControlNumber(n: number): string {
  check(n, 'GS06');
  return String(n);
}

/** ST02/SE02: 4 to 9 digits. */
export function formatTransactionControlNumber(n: number): string {
  check(n, 'ST02');
  return String(n).padStart(4, '0');
}

/** Where interchange control numbers come from; an implementation must never hand out a number twice. */
export interface ControlNumberSource {
  next(): Promise<number>;
}

/** A sequence in memory, optionally told where to persist (the simulator keeps it in a file). */
export class SequentialControlNumbers implements ControlNumberSource {
  constructor(
    private last = 0,
    private readonly persist: (last: number) => void = () => undefined,
  ) {}

  async next(): Promise<number> {
    if (this.last >= MAX_CONTROL_NUMBER) throw new X12Error('X12.CONTROL_NUMBERS_EXHAUSTED', 'interchange control numbers are exhausted');
    this.last += 1;
    this.persist(this.last);
    return this.last;
  }
}
