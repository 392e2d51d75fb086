/*
 * The audit trail's hash chain, pure (node:crypto only, so `npm run audit:verify` can load it
 * without the services): how an entry is sealed onto its chain and how a chain read back from the
 * database is checked. Each entry commits to the one before it (prevHash) and to its own content
 * and position (hash over a canonical serialization), so a changed, removed or reordered entry
 * breaks the chain where it happened.
 */
import { createHash } from 'node:crypto';

/** The `prevHash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Digits of the zero-padded sequence number in an entry's `_id`, so `_id` order is chain order. */
const SEQ_DIGITS = 12;

/** Who acted: a signed-in user, or a holder of a patient's signed link (`via`). */
export interface AuditActor {
  userId: string | null;
  roles: string[];
  siteIds: string[];
  /** How an actor without an account got in (`document-link`). */
  via?: string;
}

/** What was done: the route template and handler, and whether it read or changed data. */
export interface AuditOperation {
  method: string;
  route: string;
  operationId: string;
  access: 'read' | 'write';
}

/** What one entry records; the chain fields are added when it is sealed. */
export interface AuditRecord {
  at: string;
  service: string;
  actor: AuditActor;
  patientIds: string[];
  operation: AuditOperation;
  /** `attempt`: written before a write runs; `completed`: after the handler, with its status. */
  phase: 'attempt' | 'completed';
  status?: number;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
  /** Patients opened by breaking the glass in this request, with the reason given. */
  breakGlass?: Array<{ patientId: string; reason: string; at: string }>;
  /** The route's path parameters (ids only: the query string, which may hold names, is never kept). */
  params?: Record<string, string>;
  /** On a `completed` write: the seq of its `attempt` entry on the same chain. */
  attemptSeq?: number;
}

export interface AuditEntry extends AuditRecord {
  /** `<chainId>:<seq, zero-padded>`: deterministic, so two writers cannot both take one position. */
  _id: string;
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** The `_id` of the entry at `seq` on a chain. */
export function entryId(chainId: string, seq: number): string {
  return `${chainId}:${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/**
 * JSON with object keys sorted at every level and undefined members left out (as the database
 * leaves them out), so the same entry always serializes to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * sha-256 over the entry's canonical form without its own hash and `_id` (chainId, seq and prevHash
 * included): where an entry is stored is checked apart, so a moved entry reads as `reordered`.
 */
export function hashEntry(entry: Omit<AuditEntry, 'hash' | '_id'> & { hash?: string; _id?: string }): string {
  const { hash: _hash, _id: _place, ...content } = entry;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The entry that follows `previous` (or starts the chain) on `chainId`. */
export function sealEntry(chainId: string, previous: { seq: number; hash: string } | null, record: AuditRecord): AuditEntry {
  const seq = (previous?.seq ?? 0) + 1;
  const unsealed = { ...stripUndefined(record), _id: entryId(chainId, seq), chainId, seq, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unsealed, hash: hashEntry(unsealed) };
}

export type ChainProblemKind = 'changed' | 'removed' | 'reordered' | 'broken-link' | 'duplicate';

/** One broken link, named by the entry where it shows. */
export interface ChainProblem {
  problem: ChainProblemKind;
  /** The seq the entry claims (for `removed`: the entry after the gap). */
  seq: number;
  /** The entry's `_id` as stored. */
  id: string;
  detail: string;
}

export interface ChainReport {
  chainId: string;
  entries: number;
  ok: boolean;
  /** The newest entry: record it somewhere write-once to detect later truncation of the tail. */
  head: { seq: number; hash: string; at: string } | null;
  problems: ChainProblem[];
}

/**
 * Checks one chain's entries (any order; all of one chainId): every entry's hash against its
 * content (`changed`), its `_id` against the position its seq claims (`reordered`: an entry
 * moved to another's place), consecutive seqs from 1 (`removed`: a gap, named by the entry after
 * it), each prevHash against the hash of the entry before it (`broken-link`: the one before was
 * replaced, hash and all), and no seq twice (`duplicate`). Entries removed from the newest end
 * leave no gap: compare `head` with a head recorded earlier.
 */
export function verifyChain(chainId: string, entries: readonly AuditEntry[]): ChainReport {
  const problems: ChainProblem[] = [];
  const bySeq = [...entries].sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : 1));
  let previous: AuditEntry | null = null;
  for (const entry of bySeq) {
    const at = { seq: entry.seq, id: entry._id };
    if (entry.chainId !== chainId) problems.push({ problem: 'changed', ...at, detail: `it names chain ${entry.chainId}, but is stored in ${chainId}` });
    if (hashEntry(entry) !== entry.hash) problems.push({ problem: 'changed', ...at, detail: 'its content does not match its hash (the entry was changed after it was written)' });
    if (entry._id !== entryId(chainId, entry.seq)) {
      problems.push({ problem: 'reordered', ...at, detail: `the entry with seq ${entry.seq} is stored at ${entry._id}, the place of another entry` });
    }
    if (previous && entry.seq === previous.seq) {
      problems.push({ problem: 'duplicate', ...at, detail: `seq ${entry.seq} appears twice (${previous._id} and ${entry._id})` });
      continue;
    }
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.seq > expectedSeq) {
      const missing = entry.seq - 1 === expectedSeq ? `${expectedSeq}` : `${expectedSeq} to ${entry.seq - 1}`;
      problems.push({ problem: 'removed', ...at, detail: `the entries with seq ${missing} before it are missing (removed)` });
    } else if (entry.prevHash !== (previous?.hash ?? GENESIS_HASH)) {
      const before = previous ? `the entry before it (seq ${previous.seq}, ${previous._id})` : 'the start of the chain';
      problems.push({ problem: 'broken-link', ...at, detail: `its prevHash does not match ${before}: that entry was replaced or changed` });
    }
    previous = entry;
  }
  const last = bySeq[bySeq.length - 1];
  return { chainId, entries: entries.length, ok: problems.length === 0, head: last ? { seq: last.seq, hash: last.hash, at: last.at } : null, problems };
}

/** Verifies every chain found among `entries` (grouped by the chain their `_id` names). */
export function verifyChains(entries: readonly AuditEntry[]): ChainReport[] {
  const chains = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const chainId = chainOfId(entry._id) ?? entry.chainId;
    chains.set(chainId, [...(chains.get(chainId) ?? []), entry]);
  }
  return [...chains.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([chainId, list]) => verifyChain(chainId, list));
}

/** The chain an `_id` places its entry on (everything before the last `:`). */
export function chainOfId(id: string): string | undefined {
  const cut = id.lastIndexOf(':');
  return cut > 0 ? id.slice(0, cut) : undefined;
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
