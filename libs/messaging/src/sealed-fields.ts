import { isDeepStrictEqual } from 'node:util';
import type { Schema } from 'mongoose';
import { isSealed, Sealer, sealedKeyId } from '@clinic-flow/crypto';

/*
 * Patient data at rest: the fields a collection declares sealed are stored together as one sealed
 * value (`sealed`, AES-256-GCM, see libs/crypto) bound to the collection and the document's _id,
 * and the plaintext fields are not stored at all. One value per document rather than one per field:
 * opening is what a full load (the patient search index) pays for, and one open per document
 * instead of a dozen keeps that load close to what it was.
 *
 * Documents written before their collection was sealed still hold plaintext fields: they are read
 * as they are and sealed (plaintext removed) by their next write or the rotation sweep.
 */

/** The stored field holding a document's sealed fields. */
export const SEALED_FIELD = 'sealed';

type Doc = Record<string, unknown>;

/** Change operators a decision may use (see AggregateStore Change). */
export interface ChangeOps {
  set?: Record<string, unknown>;
  push?: Record<string, unknown>;
  addToSet?: Record<string, unknown>;
  inc?: Record<string, number>;
}

/** The sealed fields of one collection. */
export class SealedFields {
  private readonly names: Set<string>;

  constructor(
    readonly sealer: Sealer,
    readonly collection: string,
    readonly fields: readonly string[],
  ) {
    this.names = new Set(fields);
    if (this.names.has(SEALED_FIELD) || this.names.has('_id')) throw new Error(`${collection}: "${SEALED_FIELD}" and "_id" cannot be sealed`);
  }

  /** Replaces the sealed fields' schema paths with the one sealed string (the plaintext is never cast or stored). */
  adaptSchema(schema: Schema): void {
    for (const field of this.fields) {
      // A nested object (not a sub-schema) is a set of dotted paths: every one goes.
      const paths = Object.keys(schema.paths).filter((p) => p === field || p.startsWith(`${field}.`));
      if (paths.length) schema.remove(paths);
      const nested = (schema as unknown as { nested: Record<string, unknown> }).nested;
      for (const key of Object.keys(nested)) if (key === field || key.startsWith(`${field}.`)) delete nested[key];
    }
    if (!schema.path(SEALED_FIELD)) schema.add({ [SEALED_FIELD]: String });
  }

  /** Associated data of a document's sealed value: it opens in no other collection or document. */
  aad(id: string): string {
    return `${this.collection}/${id}/${SEALED_FIELD}`;
  }

  /** Associated data of a pending event in a document's outbox. */
  outboxAad(id: string, eventId: string): string {
    return `${this.collection}/${id}/outbox/${eventId}`;
  }

  /** The top-level field a path (`guarantor.phone`) changes. */
  private top(path: string): string {
    const dot = path.indexOf('.');
    return dot < 0 ? path : path.slice(0, dot);
  }

  isSealedPath(path: string): boolean {
    return this.names.has(this.top(path));
  }

  /** Whether a change touches any sealed field. */
  touches(change: ChangeOps): boolean {
    return [change.set, change.push, change.addToSet, change.inc].some((ops) => ops && Object.keys(ops).some((p) => this.isSealedPath(p)));
  }

  /** Splits a change into what goes to sealed fields and what stays a plain database update. */
  split(change: ChangeOps): { sealed: ChangeOps; plain: ChangeOps } {
    const sealed: ChangeOps = {};
    const plain: ChangeOps = {};
    for (const op of ['set', 'push', 'addToSet', 'inc'] as const) {
      const ops = change[op] as Record<string, unknown> | undefined;
      if (!ops) continue;
      for (const [path, value] of Object.entries(ops)) {
        const target = (this.isSealedPath(path) ? sealed : plain) as Record<string, Record<string, unknown> | undefined>;
        (target[op] ??= {})[path] = value;
      }
    }
    return { sealed, plain };
  }

  /** The document's sealed fields that have a value. */
  pick(doc: Doc): Doc {
    return Object.fromEntries(this.fields.filter((f) => doc[f] !== undefined && doc[f] !== null).map((f) => [f, doc[f]]));
  }

  /** The document as stored: sealed fields replaced by one sealed value (none when it has none of them). */
  async toStored<D extends Doc>(doc: D): Promise<Doc> {
    const stored: Doc = {};
    for (const [key, value] of Object.entries(doc)) if (!this.names.has(key)) stored[key] = value;
    const sealedPart = this.pick(doc);
    if (Object.keys(sealedPart).length) stored[SEALED_FIELD] = await this.sealer.seal(sealedPart, this.aad(String(doc._id)));
    else delete stored[SEALED_FIELD];
    return stored;
  }

  /** The sealed value of these fields (for a $set), or undefined when none has a value. */
  async sealFor(id: string, doc: Doc): Promise<string | undefined> {
    const sealedPart = this.pick(doc);
    return Object.keys(sealedPart).length ? this.sealer.seal(sealedPart, this.aad(id)) : undefined;
  }

  /** A stored document as the domain sees it: sealed fields opened (plaintext of older documents kept as read). */
  async fromStored<D>(raw: Doc | null): Promise<D | null> {
    if (!raw) return null;
    const { [SEALED_FIELD]: sealed, ...rest } = raw;
    if (typeof sealed !== 'string') return rest as D;
    const opened = await this.sealer.open<Doc>(sealed, this.aad(String(raw._id)));
    return { ...rest, ...opened } as D;
  }

  /** Whether a stored document holds plaintext of a sealed field (written before sealing). */
  hasPlaintext(raw: Doc): boolean {
    return this.fields.some((f) => raw[f] !== undefined && raw[f] !== null);
  }

  /** Whether a stored document's sealed value is under another key than `keyId`, or it holds plaintext. */
  needsReseal(raw: Doc, keyId: string): boolean {
    const sealed = raw[SEALED_FIELD];
    return this.hasPlaintext(raw) || (sealed !== undefined && sealed !== null && sealedKeyId(sealed) !== keyId);
  }

  /** `$unset` of every sealed field's plaintext (for documents written before sealing). */
  unsetPlaintext(): Record<string, 1> {
    return Object.fromEntries(this.fields.map((f) => [f, 1 as const]));
  }
}

/** Whether an outbox payload is sealed under `keyId` (plaintext payloads count as not). */
export function payloadUnder(payload: unknown, keyId: string): boolean {
  return isSealed(payload) && sealedKeyId(payload) === keyId;
}

/** Applies a change to a plain object the way MongoDB would (dotted paths, $each, addToSet by deep equality). */
export function applyInMemory<D extends Doc>(doc: D, change: ChangeOps): D {
  const next = structuredClone(doc) as Doc;
  for (const [path, value] of Object.entries(change.set ?? {})) {
    if (value === undefined) unsetPath(next, path);
    else setPath(next, path, structuredClone(value));
  }
  for (const [path, value] of Object.entries(change.push ?? {})) {
    const list = arrayAt(next, path);
    list.push(...eachOf(value));
  }
  for (const [path, value] of Object.entries(change.addToSet ?? {})) {
    const list = arrayAt(next, path);
    for (const item of eachOf(value)) if (!list.some((x) => isDeepStrictEqual(x, item))) list.push(item);
  }
  for (const [path, by] of Object.entries(change.inc ?? {})) {
    const current = getPath(next, path);
    setPath(next, path, (typeof current === 'number' ? current : 0) + by);
  }
  return next as D;
}

function eachOf(value: unknown): unknown[] {
  if (value && typeof value === 'object' && '$each' in (value as Doc)) return structuredClone((value as { $each: unknown[] }).$each);
  return [structuredClone(value)];
}

function arrayAt(doc: Doc, path: string): unknown[] {
  const current = getPath(doc, path);
  if (Array.isArray(current)) return current;
  if (current !== undefined && current !== null) throw new Error(`cannot push to ${path}: not an array`);
  const list: unknown[] = [];
  setPath(doc, path, list);
  return list;
}

function getPath(doc: Doc, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Doc)[key] : undefined), doc);
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let at: Doc = doc;
  for (const key of keys.slice(0, -1)) {
    if (!at[key] || typeof at[key] !== 'object') at[key] = {};
    at = at[key] as Doc;
  }
  at[keys[keys.length - 1]] = value;
}

function unsetPath(doc: Doc, path: string): void {
  const keys = path.split('.');
  let at: unknown = doc;
  for (const key of keys.slice(0, -1)) {
    at = at && typeof at === 'object' ? (at as Doc)[key] : undefined;
  }
  if (at && typeof at === 'object') delete (at as Doc)[keys[keys.length - 1]];
}
