/*
 * The 999 implementation acknowledgment (005010X231A1): whether each transaction set of a functional
 * group was accepted (IK5 A), accepted with errors (E) or rejected (R), with the segment (IK3) and
 * element (IK4) errors, and the group's verdict (AK9). Built by the simulator, read by the adapter.
 */
import type { ParsedGroup, ParsedTransaction, TransactionSpec } from '../envelope';
import { SegmentSpec, X12Error, el, seg } from '../segments';

export const X231 = '005010X231A1';

export interface ElementError {
  /** IK401: position in the segment (and component position, '3:1' style, when composite). */
  position: string;
  /** IK402: data element reference number. */
  elementRef?: string;
  /** IK403: 1 required missing, 2 conditional missing, 4 too short, 5 too long, 6 invalid character, 7 invalid code value, 8 invalid date... */
  code: string;
  /** IK404: the bad value. */
  badValue?: string;
}

export interface SegmentError {
  /** IK301 segment id. */
  segmentId: string;
  /** IK302: position in the transaction set (ST = 1). */
  position: number;
  /** IK303: loop id. */
  loopId?: string;
  /** IK304: 1 unrecognized segment, 2 unexpected, 3 required missing, 4 loop occurs over max, 5 segment exceeds max use, 8 has data element errors, I4 implementation "not used" present... */
  code: string;
  elementErrors: ElementError[];
}

export interface TransactionAck {
  setId: string;
  controlNumber: string;
  implementationRef?: string;
  /** IK501: A accepted, E accepted with errors, M/R rejected, W/X rejected (security). */
  status: 'A' | 'E' | 'M' | 'R' | 'W' | 'X';
  /** IK502..IK506: 5 control number mismatch, 4 number of included segments does not match, I5 implementation one or more segments in error... */
  errorCodes: string[];
  segmentErrors: SegmentError[];
}

export interface ImplementationAck {
  controlNumber?: string;
  /** AK101 functional id of the acknowledged group (HS for 270). */
  functionalId: string;
  /** AK102 the group's GS06. */
  groupControlNumber: string;
  /** AK103 the group's version. */
  version?: string;
  transactions: TransactionAck[];
  /** AK901: A accepted, E accepted with errors, P partially accepted, R rejected. */
  groupStatus: 'A' | 'E' | 'P' | 'R';
  /** AK902..AK904. */
  included: number;
  received: number;
  accepted: number;
  groupErrorCodes: string[];
}

/** The group verdict (AK901) from the transaction verdicts. */
export function groupStatusOf(transactions: TransactionAck[]): ImplementationAck['groupStatus'] {
  const accepted = transactions.filter((t) => t.status === 'A' || t.status === 'E').length;
  if (accepted === 0) return 'R';
  if (accepted < transactions.length) return 'P';
  return transactions.some((t) => t.status === 'E') ? 'E' : 'A';
}

/** An acknowledgment of a received group, from a verdict per transaction. */
export function acknowledge(group: ParsedGroup, verdict: (tx: ParsedTransaction) => Pick<TransactionAck, 'status' | 'errorCodes' | 'segmentErrors'>): ImplementationAck {
  const transactions = group.transactions.map((tx) => ({ setId: tx.setId, controlNumber: tx.controlNumber, implementationRef: tx.implementationRef || undefined, ...verdict(tx) }));
  return {
    functionalId: group.functionalId,
    groupControlNumber: group.controlNumber,
    version: group.version || undefined,
    transactions,
    groupStatus: groupStatusOf(transactions),
    included: transactions.length,
    received: transactions.length,
    accepted: transactions.filter((t) => t.status === 'A' || t.status === 'E').length,
    groupErrorCodes: [],
  };
}

/** Builds the 999 transaction. */
export function build999(ack: ImplementationAck, controlNumber: number): TransactionSpec {
  const segments: SegmentSpec[] = [seg('AK1', ack.functionalId, ack.groupControlNumber, ack.version ?? '')];
  for (const tx of ack.transactions) {
    segments.push(seg('AK2', tx.setId, tx.controlNumber, tx.implementationRef ?? ''));
    for (const e of tx.segmentErrors) {
      segments.push(seg('IK3', e.segmentId, String(e.position), e.loopId ?? '', e.code));
      for (const ee of e.elementErrors) segments.push(seg('IK4', ee.position, ee.elementRef ?? '', ee.code, ee.badValue ?? ''));
    }
    segments.push(seg('IK5', tx.status, ...tx.errorCodes.slice(0, 5)));
  }
  segments.push(seg('AK9', ack.groupStatus, String(ack.included), String(ack.received), String(ack.accepted), ...ack.groupErrorCodes.slice(0, 5)));
  return { setId: '999', controlNumber, implementationRef: X231, segments };
}

/** Reads a 999 transaction; throws X12Error X12.STRUCTURE when AK1 or AK9 is missing. */
export function parse999(tx: ParsedTransaction): ImplementationAck {
  if (tx.setId !== '999') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not a 999`);
  const ak1 = tx.segments.find((s) => s.tag === 'AK1');
  const ak9 = tx.segments.find((s) => s.tag === 'AK9');
  if (!ak1 || !ak9) throw new X12Error('X12.STRUCTURE', `999 ${tx.controlNumber} has no AK1 or AK9`);
  const transactions: TransactionAck[] = [];
  let current: TransactionAck | undefined;
  let segmentError: SegmentError | undefined;
  for (const s of tx.segments) {
    if (s.tag === 'AK2') {
      current = { setId: el(s, 1), controlNumber: el(s, 2), implementationRef: el(s, 3) || undefined, status: 'A', errorCodes: [], segmentErrors: [] };
      transactions.push(current);
      segmentError = undefined;
    } else if (s.tag === 'IK3' && current) {
      segmentError = { segmentId: el(s, 1), position: Number(el(s, 2)), loopId: el(s, 3) || undefined, code: el(s, 4), elementErrors: [] };
      current.segmentErrors.push(segmentError);
    } else if (s.tag === 'IK4' && segmentError) {
      segmentError.elementErrors.push({ position: el(s, 1), elementRef: el(s, 2) || undefined, code: el(s, 3), badValue: el(s, 4) || undefined });
    } else if (s.tag === 'IK5' && current) {
      current.status = el(s, 1) as TransactionAck['status'];
      current.errorCodes = s.elements.slice(1).filter(Boolean);
    }
  }
  return {
    controlNumber: tx.controlNumber,
    functionalId: el(ak1, 1),
    groupControlNumber: el(ak1, 2),
    version: el(ak1, 3) || undefined,
    transactions,
    groupStatus: el(ak9, 1) as ImplementationAck['groupStatus'],
    included: Number(el(ak9, 2)),
    received: Number(el(ak9, 3)),
    accepted: Number(el(ak9, 4)),
    groupErrorCodes: ak9.elements.slice(4).filter(Boolean),
  };
}
