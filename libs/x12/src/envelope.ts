/*
 * ISA/GS/ST envelopes over node-x12: it tokenizes, computes the SE/GE/IEA counts when writing and, in
 * strict mode, refuses a document whose SE01, GE01 or IEA01 counts or SE02/GE02/IEA02 control numbers
 * disagree with what it holds. What it leaves to us (found while evaluating 1.7.1, see README):
 * - a parser instance keeps state between parse() calls (a second parse of a two-interchange file
 *   counted three): one parser per call;
 * - it normalizes ISA13 to an integer string and accepts a file without IEA: we read the raw ISA
 *   and require each trailer;
 * - it knows no repetition separator and writes ISA16 '>' unless told: the separators are ours.
 */
import { X12Interchange, X12Parser, type X12FunctionalGroup, type X12Transaction, type X12Segment } from 'node-x12';
import { DEFAULT_SEPARATORS, Segment, SegmentSpec, Separators, X12Error, renderElements } from './segments';
import { formatInterchangeControlNumber, formatGroupControlNumber, formatTransactionControlNumber } from './control-numbers';

/** A party of the interchange: ISA05/ISA06 (or ISA07/ISA08) and GS02 (or GS03). */
export interface InterchangeParty {
  /** ISA05/07 qualifier: ZZ mutually defined, 30 federal tax id, 01 DUNS... */
  qualifier: string;
  /** ISA06/08 (at most 15 characters, padded). */
  id: string;
  /** GS02/03 application code (defaults to id). */
  applicationCode?: string;
}

export interface TransactionSpec {
  /** ST01: 270, 271, 999, 837... */
  setId: string;
  /** ST02 (4 to 9 digits; formatted to at least 4). */
  controlNumber: number;
  /** ST03: the implementation guide (005010X279A1); also GS08's default. */
  implementationRef: string;
  /** The guide marks ST03 "not used" (the 835 of 005010X221A1): it is left out, GS08 still names the guide. */
  omitImplementationRef?: boolean;
  /** Body segments, without ST and SE. */
  segments: SegmentSpec[];
}

export interface GroupSpec {
  /** GS01: HS (270), HB (271), FA (999), HC (837)... */
  functionalId: string;
  /** GS06 (1 to 9 digits). */
  controlNumber: number;
  /** GS08 (defaults to the first transaction's implementation reference). */
  version?: string;
  transactions: TransactionSpec[];
}

export interface InterchangeSpec {
  sender: InterchangeParty;
  receiver: InterchangeParty;
  /** ISA13: never reused between a sender and a receiver (1..999999999). */
  controlNumber: number;
  /** ISA14: ask for a TA1. */
  ackRequested?: boolean;
  /** ISA15: T test, P production. */
  usage: 'T' | 'P';
  /** When the interchange is made (ISA09/10, GS04/05). */
  at?: Date;
  separators?: Separators;
  groups: GroupSpec[];
}

const pad = (value: string, length: number) => value.padEnd(length, ' ');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The interchange's date/time as X12 wants it (UTC: the envelope has no zone). */
function stamp(at: Date) {
  const yyyy = String(at.getUTCFullYear());
  const date = `${yyyy}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}`;
  return { ccyymmdd: date, yymmdd: date.slice(2), hhmm: `${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}` };
}

function checkParty(party: InterchangeParty, role: string) {
  if (!party.id || party.id.length > 15) throw new X12Error('X12.INVALID_ENVELOPE', `${role} id must have 1 to 15 characters`);
  if (!/^[A-Z0-9]{2}$/.test(party.qualifier)) throw new X12Error('X12.INVALID_ENVELOPE', `${role} qualifier must be two characters (ZZ, 30...)`);
}

/** Writes one interchange: ISA/GS/ST headers from the spec, SE/GE/IEA counts computed. */
export function writeInterchange(spec: InterchangeSpec): string {
  const separators = spec.separators ?? DEFAULT_SEPARATORS;
  checkParty(spec.sender, 'sender');
  checkParty(spec.receiver, 'receiver');
  if (!spec.groups.length || spec.groups.some((g) => !g.transactions.length)) {
    throw new X12Error('X12.INVALID_ENVELOPE', 'an interchange needs at least one functional group, each with at least one transaction');
  }
  const { ccyymmdd, yymmdd, hhmm } = stamp(spec.at ?? new Date());
  const options = {
    elementDelimiter: separators.element,
    segmentTerminator: separators.segment,
    subElementDelimiter: separators.component,
    repetitionDelimiter: separators.repetition,
  };
  const interchange = new X12Interchange(options);
  interchange.setHeader([
    '00', pad('', 10), '00', pad('', 10),
    spec.sender.qualifier, pad(spec.sender.id, 15), spec.receiver.qualifier, pad(spec.receiver.id, 15),
    yymmdd, hhmm, separators.repetition, '00501', formatInterchangeControlNumber(spec.controlNumber),
    spec.ackRequested ? '1' : '0', spec.usage, separators.component,
  ]);
  const seenGroups = new Set<number>();
  for (const group of spec.groups) {
    if (seenGroups.has(group.controlNumber)) throw new X12Error('X12.INVALID_ENVELOPE', `GS06 ${group.controlNumber} used twice in one interchange`);
    seenGroups.add(group.controlNumber);
    const gs = interchange.addFunctionalGroup(options);
    gs.setHeader([
      group.functionalId,
      spec.sender.applicationCode ?? spec.sender.id,
      spec.receiver.applicationCode ?? spec.receiver.id,
      ccyymmdd, hhmm, formatGroupControlNumber(group.controlNumber), 'X',
      group.version ?? group.transactions[0].implementationRef,
    ]);
    const seenSets = new Set<number>();
    for (const tx of group.transactions) {
      if (seenSets.has(tx.controlNumber)) throw new X12Error('X12.INVALID_ENVELOPE', `ST02 ${tx.controlNumber} used twice in one group`);
      seenSets.add(tx.controlNumber);
      const st = gs.addTransaction();
      st.setHeader([tx.setId, formatTransactionControlNumber(tx.controlNumber), ...(tx.omitImplementationRef ? [] : [tx.implementationRef])]);
      for (const segment of tx.segments) st.addSegment(segment.tag, renderElements(segment, separators));
    }
  }
  return interchange.toString(options);
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

export interface ParsedTransaction {
  setId: string;
  controlNumber: string;
  implementationRef: string;
  /** Body segments (ST and SE excluded). */
  segments: Segment[];
}

export interface ParsedGroup {
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  date: string;
  time: string;
  controlNumber: string;
  version: string;
  transactions: ParsedTransaction[];
}

export interface ParsedInterchange {
  separators: Separators;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  date: string;
  time: string;
  version: string;
  /** ISA13 exactly as sent (9 digits). */
  controlNumber: string;
  ackRequested: boolean;
  usage: string;
  groups: ParsedGroup[];
}

/** ISA is fixed length: 106 characters with its terminator; its 4th character is the element separator. */
const ISA_LENGTH = 106;

function rawIsas(text: string): { fields: string[]; separators: Separators }[] {
  const start = text.search(/\S/);
  if (start < 0 || text.slice(start, start + 3) !== 'ISA') throw new X12Error('X12.NOT_X12', 'the document does not start with an ISA segment');
  const element = text[start + 3];
  const parts = text.slice(start, start + 2 * ISA_LENGTH).split(element);
  // ISA16 is one character and the segment terminator follows it; the whole ISA is 106 characters.
  const headLength = parts.slice(0, 16).join(element).length + 1;
  if (parts.length < 17 || parts[16].length < 2 || headLength + 2 !== ISA_LENGTH) {
    throw new X12Error('X12.NOT_X12', 'the ISA segment is not 106 characters with 16 fixed-length elements');
  }
  const separators: Separators = { element, repetition: parts[11], component: parts[16][0], segment: parts[16][1] };
  if (new Set(Object.values(separators)).size !== 4 || separators.repetition.length !== 1) {
    throw new X12Error('X12.NOT_X12', 'the ISA declares the same character for two delimiters');
  }
  const isas: { fields: string[]; separators: Separators }[] = [];
  // Each ISA begins the document or follows a segment terminator (line breaks between interchanges allowed).
  const starts = new RegExp(`(?:^|${escapeRegExp(separators.segment)})\\s*(ISA${escapeRegExp(element)})`, 'g');
  for (const match of text.matchAll(starts)) {
    const at = (match.index ?? 0) + match[0].length - 4;
    const isa = text.slice(at, at + ISA_LENGTH);
    const f = isa.split(element);
    if (isa.length < ISA_LENGTH || f.length !== 17 || isa[ISA_LENGTH - 1] !== separators.segment) {
      throw new X12Error('X12.NOT_X12', `the ISA segment at character ${at} is not 106 characters with 16 elements`);
    }
    isas.push({ fields: f.slice(1), separators });
  }
  return isas;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const values = (segment: X12Segment | undefined): string[] => (segment ? segment.elements.map((e) => e.value) : []);

function toGroup(group: X12FunctionalGroup): ParsedGroup {
  const gs = values(group.header);
  if (!group.trailer || group.trailer.tag !== 'GE') throw new X12Error('X12.ENVELOPE', `functional group ${gs[5]} has no GE trailer`);
  return {
    functionalId: gs[0], senderCode: gs[1], receiverCode: gs[2], date: gs[3], time: gs[4], controlNumber: gs[5], version: gs[7] ?? '',
    transactions: group.transactions.map((tx: X12Transaction) => {
      const st = values(tx.header);
      if (!tx.trailer || tx.trailer.tag !== 'SE') throw new X12Error('X12.ENVELOPE', `transaction set ${st[1]} has no SE trailer`);
      return {
        setId: st[0], controlNumber: st[1], implementationRef: st[2] ?? '',
        segments: tx.segments.map((s) => ({ tag: s.tag, elements: values(s) })),
      };
    }),
  };
}

/** The document without surrounding blanks, keeping a terminator that is itself a line break. */
function body(text: string, separators: Separators): string {
  const trimmed = text.trim();
  return /\s/.test(separators.segment) ? `${trimmed}${separators.segment}` : trimmed;
}

/**
 * Parses a document of one or more interchanges (several ISA...IEA one after another). Throws
 * X12Error X12.NOT_X12 (not an interchange) or X12.ENVELOPE (counts, control numbers or trailers wrong).
 */
export function parseInterchanges(text: string): ParsedInterchange[] {
  const isas = rawIsas(text);
  let parsed: X12Interchange | X12Interchange[];
  try {
    parsed = new X12Parser(true).parse(body(text, isas[0].separators)) as X12Interchange | X12Interchange[];
  } catch (error) {
    throw new X12Error('X12.ENVELOPE', `the interchange does not parse: ${(error as Error).message}`);
  }
  const interchanges = Array.isArray(parsed) ? [...parsed] : [parsed];
  if (interchanges.length !== isas.length) throw new X12Error('X12.ENVELOPE', `found ${isas.length} ISA segments but ${interchanges.length} interchanges`);
  return interchanges.map((interchange, i) => {
    const { fields, separators } = isas[i];
    if (!/^\d{9}$/.test(fields[12])) throw new X12Error('X12.ENVELOPE', `ISA13 '${fields[12]}' is not 9 digits`);
    if (!interchange.trailer || interchange.trailer.tag !== 'IEA') throw new X12Error('X12.ENVELOPE', `interchange ${fields[12]} has no IEA trailer`);
    return {
      separators,
      senderQualifier: fields[4], senderId: fields[5].trim(), receiverQualifier: fields[6], receiverId: fields[7].trim(),
      date: fields[8], time: fields[9], version: fields[11], controlNumber: fields[12], ackRequested: fields[13] === '1', usage: fields[14],
      groups: interchange.functionalGroups.map(toGroup),
    };
  });
}
