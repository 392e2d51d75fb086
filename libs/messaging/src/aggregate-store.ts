import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Connection, Model, Schema } from 'mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { BlindIndex, BlindIndexKind, isSealed, KeyRotation, normalizeForIndex, Sealer, SweepCounts } from '@clinic-flow/crypto';
import { isDuplicateKeyError, MONGO_CONNECTION } from '@clinic-flow/platform';
import { DocumentLocks } from './document-locks';
import type { OutboxEntry } from './event-factory';
import { initialOutbox, OutboxDocumentFields, outboxFields, updateWithOutbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { applyInMemory, payloadUnder, SealedFields, SEALED_FIELD } from './sealed-fields';

/*
 * The only way to write a document together with its events. A repository declares its aggregate
 * (collection, schema, secondary lookups) and gets a store that takes the document lock, reads the
 * current state, lets the domain decide, and writes state, events and the version bump in one
 * update guarded by a compare-and-set on `version`, then hands the id to the outbox relay. The
 * lock is what keeps FerretDB 1.24 from losing an update within one process; the compare-and-set
 * is what keeps several instances correct on MongoDB. Nothing outside this file writes an outbox.
 *
 * Every call takes the caller's SiteScope: a document of a site out of scope is refused with 403
 * AUTH.SITE_FORBIDDEN when named by id, and left out of lists, so no route can forget the check.
 *
 * Patient data at rest: an aggregate may declare `sealed` fields (see sealed-fields.ts). They are
 * stored as one AES-256-GCM value, opened on every read; a change touching them is applied to the
 * document read under the lock and written as the whole new sealed value in the same guarded
 * update. Pending events in the outbox are sealed too (the relay opens them to publish), and
 * look-ups over patient data (`blind`) key their documents by a blind index, never the plaintext.
 */

/** The fields every aggregate has; `version` counts its writes. */
export interface AggregateRoot {
  _id: string;
  version: number;
}

/**
 * A secondary look-up FerretDB cannot index: key -> ids of aggregates, kept as one document per
 * key (`{_id: key, [field]: ids}`) so a look-up is a read by _id. Keys are added before the
 * aggregate is written (a crash in between leaves an id that is skipped on read) and never
 * removed: a read checks that the aggregate still has the key.
 */
export interface LookupDefinition<T> {
  collection: string;
  /** Name of the id array in each look-up document. */
  field: string;
  keys(doc: T): string[];
  /** Keys are patient data (an email, a phone): stored as keyed blind indexes of this kind, never as they are. */
  blind?: BlindIndexKind;
}

export interface AggregateDefinition<T extends AggregateRoot, L extends string = never> {
  /** Mongoose model name. */
  name: string;
  collection: string;
  /** The aggregate's own fields; the store adds the outbox fields and the relay's index. */
  schema: Schema;
  /** The site that owns a document; `network-wide` for data of every site (its service checks who may change it). */
  site: ((doc: T) => string) | 'network-wide';
  lookups?: Record<L, LookupDefinition<T>>;
  /** Top-level fields holding patient data: stored sealed (encrypted) together, opened on read. Needs DataKeysModule. */
  sealed?: ReadonlyArray<keyof T & string>;
}

/** What a store needs to seal its fields (provided by DataKeysModule). */
export interface DataProtection {
  sealer: Sealer;
  blind: BlindIndex;
  rotation?: KeyRotation;
}

/** What a decision writes. `set` fields whose value is undefined are unset. */
export interface Change<T> {
  set?: { [K in keyof T]?: T[K] | undefined };
  push?: Record<string, unknown>;
  addToSet?: Record<string, unknown>;
  inc?: Record<string, number>;
  events?: OutboxEntry[];
}

/** A decision: a change with an optional result for the caller; null, or no change, leaves the document. */
export type Decision<T, R> = (Change<T> & { result?: R }) | null;

export interface Outcome<T, R> {
  /** The document as it is after the call. */
  doc: T;
  written: boolean;
  result?: R;
}

/** How many documents a rotation pass re-seals at once. */
const RESEAL_CONCURRENCY = 16;

/** A write lost its compare-and-set this many times in a row (another instance kept winning). */
const CAS_ATTEMPTS = 5;

type Stored<T> = T & OutboxDocumentFields;
type NewDoc<T extends AggregateRoot> = Omit<T, 'version'>;

export class AggregateStore<T extends AggregateRoot, L extends string = never> {
  private readonly model: Model<Stored<T>>;
  private readonly lookups: Array<{ name: L; def: LookupDefinition<T>; model: Model<LookupDoc> }>;
  private readonly sealed?: SealedFields;

  constructor(
    connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
    private readonly def: AggregateDefinition<T, L>,
    private readonly protection?: DataProtection,
  ) {
    const needsKeys = !!def.sealed?.length || Object.values<LookupDefinition<T>>((def.lookups ?? {}) as Record<string, LookupDefinition<T>>).some((l) => l.blind);
    if (needsKeys && !protection) throw new Error(`${def.name} seals patient data: import DataKeysModule.forRoot(...) in the service`);
    if (def.sealed?.length && protection) {
      this.sealed = new SealedFields(protection.sealer, def.collection, def.sealed);
      this.sealed.adaptSchema(def.schema);
    }
    def.schema.add(outboxFields);
    def.schema.index({ outboxPending: 1 });
    this.model = connection.model<Stored<T>>(def.name, def.schema as Schema<Stored<T>>, def.collection);
    this.lookups = Object.entries<LookupDefinition<T>>((def.lookups ?? {}) as Record<string, LookupDefinition<T>>).map(([name, lookup]) => ({
      name: name as L,
      def: lookup,
      model: lookupModel(connection, lookup),
    }));
    const sealed = this.sealed;
    // Entries written before the collection was sealed are published as they are.
    relay.register(
      this.model,
      sealed ? async (id, entry) => (isSealed(entry.payload) ? { ...entry, payload: await sealed.sealer.open<string>(entry.payload, sealed.outboxAad(id, entry.id)) } : entry) : undefined,
    );
    if (sealed && protection?.rotation) protection.rotation.register({ name: def.collection, sweep: (keyId, progress) => this.resealAll(sealed, keyId, progress) });
  }

  /** One document by _id, without its outbox; 403 if it belongs to a site out of scope. */
  async findById(scope: SiteScope, id: string): Promise<T | null> {
    const doc = await this.read(id);
    if (doc) this.assertInScope(scope, doc);
    return doc;
  }

  /** Documents by id, one read each (FerretDB scans for `$in`); missing ones and those out of scope are left out, order kept. */
  async findMany(scope: SiteScope, ids: string[]): Promise<T[]> {
    const found: Array<T | null> = await Promise.all(ids.map((id) => this.read(id)));
    return found.filter((d): d is T => !!d && this.inScope(scope, d));
  }

  /** Every document in scope: a scan, so only for collections that stay small (the network's sites). */
  async findAll(scope: SiteScope): Promise<T[]> {
    const docs = await this.model.find({}, { outbox: 0, outboxPending: 0 }).lean<T[]>();
    const opened = await Promise.all(docs.map((d) => this.open(d)));
    return opened.filter((d) => this.inScope(scope, d));
  }

  /**
   * Every document in scope, streamed in batches without their outbox: a full scan, for what is
   * built once at start (an in-memory index), never for a request.
   */
  async forEach(scope: SiteScope, visit: (doc: T) => void, batchSize = 1000): Promise<number> {
    let count = 0;
    const cursor = this.model.find({}, { outbox: 0, outboxPending: 0 }).batchSize(batchSize).lean<T[]>().cursor();
    for await (const raw of cursor) {
      const doc = this.sealed ? await this.open(raw as T) : (raw as T);
      if (!this.inScope(scope, doc)) continue;
      visit(doc);
      count++;
    }
    return count;
  }

  /**
   * The documents in scope whose plain (not sealed) fields match `filter`, with only `fields`
   * (include what `site` reads): for background sweeps (which work is still planned), never for a
   * request. FerretDB 1.24 has no secondary indexes, so this reads the whole collection; on
   * MongoDB index the filtered fields.
   */
  async scan<K extends keyof T & string>(scope: SiteScope, filter: Record<string, unknown>, fields: readonly K[], batchSize = 1000): Promise<Array<Pick<T, K | '_id'>>> {
    const sealed = new Set<string>(this.def.sealed ?? []);
    const touched = [...Object.keys(filter), ...fields].filter((f) => sealed.has(f));
    if (touched.length) throw new Error(`${this.def.name}.scan cannot filter or return sealed fields (${touched.join(', ')})`);
    const projection = Object.fromEntries(fields.map((f) => [f, 1]));
    const found: Array<Pick<T, K | '_id'>> = [];
    for await (const doc of this.model.find(filter, projection).batchSize(batchSize).lean<Array<Pick<T, K | '_id'>>>().cursor()) {
      if (this.inScope(scope, doc as unknown as T)) found.push(doc as Pick<T, K | '_id'>);
    }
    return found;
  }

  /** The ids a declared look-up holds for a key (may include ids whose document moved on). */
  async idsBy(lookup: L, key: string): Promise<string[]> {
    const { def, model } = this.lookup(lookup);
    const doc = await model.findById(await this.lookupKey(def, key)).lean<LookupDoc>();
    return (doc?.[def.field] as string[] | undefined) ?? [];
  }

  /** The documents in scope that have `key` under a declared look-up now. */
  async findBy(scope: SiteScope, lookup: L, key: string): Promise<T[]> {
    const { def } = this.lookup(lookup);
    const same = (k: string) => (def.blind ? normalizeForIndex(def.blind, k) === normalizeForIndex(def.blind, key) : k === key);
    return (await this.findMany(scope, await this.idsBy(lookup, key))).filter((doc) => def.keys(doc).some(same));
  }

  /** Inserts a new document with its first events (one atomic write); a taken _id throws a duplicate-key error. */
  async insert(scope: SiteScope, doc: NewDoc<T>, events: OutboxEntry[] = []): Promise<T> {
    this.assertInScope(scope, doc as T);
    await this.index(doc as T);
    const outbox = initialOutbox(await this.sealEvents(doc._id, events));
    const created = await this.model.create({ ...(await this.toStored(doc as T)), ...outbox });
    if (events.length) this.relay.enqueue(this.model, doc._id, { version: outbox.version, outbox: outbox.outbox });
    return this.open(withoutOutbox<T>(created.toObject()));
  }

  /** Inserts unless a document with this _id exists; returns what is stored either way. */
  async insertOnce(scope: SiteScope, doc: NewDoc<T>, events: OutboxEntry[] = []): Promise<{ doc: T; created: boolean }> {
    const existing = await this.findById(scope, doc._id);
    if (existing) return { doc: existing, created: false };
    try {
      return { doc: await this.insert(scope, doc, events), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return { doc: (await this.findById(scope, doc._id))!, created: false };
    }
  }

  /**
   * Read-decide-write of one existing document: `decide` sees it as it is now (it throws to refuse,
   * or returns null to leave it) and its change is written with its events in one update. Null if
   * there is no such document.
   */
  async update<R = undefined>(scope: SiteScope, id: string, decide: (current: T) => Decision<T, R>): Promise<Outcome<T, R> | null> {
    return this.write(scope, id, (current) => (current ? decide(current) : MISSING));
  }

  /** As `update`, but `decide` also runs when the document does not exist yet, and its `set` creates it. */
  async upsert<R = undefined>(scope: SiteScope, id: string, decide: (current: T | null) => Decision<T, R>): Promise<Outcome<T, R>> {
    return (await this.write(scope, id, decide))!;
  }

  private async write<R>(scope: SiteScope, id: string, decide: (current: T | null) => Decision<T, R> | typeof MISSING): Promise<Outcome<T, R> | null> {
    const outcome = await this.locks.forDocument(this.model, id, async () => {
      for (let attempt = 1; ; attempt++) {
        const current = await this.findById(scope, id);
        const decision = decide(current);
        if (decision === MISSING) return null;
        if (!decision || isEmpty(decision)) return { doc: current!, written: false, result: decision?.result, events: 0 };
        const events = await this.sealEvents(id, decision.events ?? []);
        const sealing = !!this.sealed && this.sealed.touches(decision as never);
        const next: T = sealing ? (applyInMemory((current ?? { _id: id }) as never, decision as never) as T) : applySet(current ?? ({ _id: id } as T), decision.set);
        this.assertInScope(scope, next);
        await this.index(next, current);
        if (!current) {
          if (decision.push || decision.addToSet || decision.inc) throw new Error(`${this.def.name}: a new document is made from "set" only`);
          try {
            const outbox = initialOutbox(events);
            const created = await this.model.create({ ...(await this.toStored(next)), ...outbox });
            return { doc: await this.open(withoutOutbox<T>(created.toObject())), written: true, result: decision.result, events: events.length, outbox };
          } catch (error) {
            // Another instance created it first: decide again on what it wrote.
            if (!isDuplicateKeyError(error) || attempt >= CAS_ATTEMPTS) throw error;
            continue;
          }
        }
        // A document written before it had a version (older data) is matched by having none.
        const version = current.version ?? { $exists: false };
        const update = sealing && this.sealed ? await this.sealedUpdate(this.sealed, id, current, decision, events) : toUpdate(decision, events);
        const updated = await this.model
          .findOneAndUpdate({ _id: id, version } as never, update as never, { new: true, ...(sealing ? { strict: false } : {}) })
          .lean<Stored<T>>();
        if (updated) return { doc: await this.open(withoutOutbox<T>(updated)), written: true, result: decision.result, events: events.length, outbox: { version: updated.version, outbox: updated.outbox ?? [] } };
        if (attempt >= CAS_ATTEMPTS) throw new Error(`${this.def.name} ${id}: changed by another writer ${CAS_ATTEMPTS} times in a row`);
      }
    });
    if (!outcome) return null;
    if (outcome.events) this.relay.enqueue(this.model, id, 'outbox' in outcome ? outcome.outbox : undefined);
    const { events: _events, outbox: _outbox, ...rest } = outcome as typeof outcome & { outbox?: unknown };
    return rest;
  }

  private async read(id: string): Promise<T | null> {
    const raw = await this.model.findById(id, { outbox: 0, outboxPending: 0 }).lean<T>();
    return raw && this.open(raw);
  }

  /** A stored document as the domain sees it (sealed fields opened). */
  private async open(raw: T): Promise<T> {
    return this.sealed ? ((await this.sealed.fromStored<T>(raw as never)) as T) : raw;
  }

  private async toStored(doc: T): Promise<Record<string, unknown>> {
    return this.sealed ? this.sealed.toStored(doc as never) : (doc as never);
  }

  /** Pending events carry patient data until relayed: sealed for their document, opened by the relay. */
  private async sealEvents(id: string, events: OutboxEntry[]): Promise<OutboxEntry[]> {
    const sealed = this.sealed;
    if (!sealed || !events.length) return events;
    return Promise.all(events.map(async (e) => ({ ...e, payload: await sealed.sealer.seal(e.payload, sealed.outboxAad(id, e.id)) })));
  }

  /**
   * The update of a change touching sealed fields: the plain part as it is; the sealed fields
   * changed in memory on the document read under the lock and written whole as one new sealed
   * value (the version guard makes that safe); any plaintext an older document held is removed.
   */
  private async sealedUpdate(sealed: SealedFields, id: string, current: T, decision: Change<T>, events: OutboxEntry[]): Promise<Record<string, unknown>> {
    const { sealed: sealedOps, plain } = sealed.split(decision as never);
    const value = await sealed.sealFor(id, applyInMemory(current as never, sealedOps));
    const update = toUpdate({ ...(plain as Change<T>), events }, events);
    const unset = { ...((update.$unset as object) ?? {}), ...sealed.unsetPlaintext() };
    if (value) update.$set = { ...((update.$set as object) ?? {}), [SEALED_FIELD]: value };
    else Object.assign(unset, { [SEALED_FIELD]: 1 });
    update.$unset = unset;
    return update;
  }

  /**
   * One rotation pass (see KeyRotation): every document whose sealed value is under another key,
   * or still in plaintext, is re-sealed under `keyId` from what the scan read, by a write under the
   * document lock guarded by the version and the sealed value read (a few at a time). A document
   * that changed meanwhile, or whose outbox still holds events sealed under another key (the relay
   * clears it soon), counts as remaining and is seen again by the next pass.
   */
  private async resealAll(sealed: SealedFields, keyId: string, progress: (counts: SweepCounts) => void): Promise<SweepCounts> {
    const counts: SweepCounts = { scanned: 0, resealed: 0, remaining: 0 };
    const projection = { _id: 1, version: 1, [SEALED_FIELD]: 1, 'outbox.payload': 1, ...Object.fromEntries(sealed.fields.map((f) => [f, 1])) };
    const cursor = this.model.find({}, projection, { strict: false }).batchSize(500).lean<Array<Record<string, unknown>>>().cursor();
    const due: Array<Record<string, unknown>> = [];
    const flush = async () => {
      for (const outcome of await Promise.all(due.splice(0).map((raw) => this.reseal(sealed, raw, keyId)))) {
        if (outcome === 'resealed') counts.resealed++;
        else if (outcome === 'remaining') counts.remaining++;
      }
    };
    for await (const raw of cursor) {
      counts.scanned++;
      if (counts.scanned % 1000 === 0) progress({ ...counts });
      const outboxOld = ((raw.outbox as OutboxEntry[] | undefined) ?? []).some((e) => !payloadUnder(e.payload, keyId));
      if (!sealed.needsReseal(raw, keyId) && !outboxOld) continue;
      due.push(raw);
      if (due.length >= RESEAL_CONCURRENCY) await flush();
    }
    await flush();
    return counts;
  }

  /** Re-seals one document as the scan read it (only its sealed fields, version, sealed value and outbox payloads). */
  private reseal(sealed: SealedFields, raw: Record<string, unknown>, keyId: string): Promise<'resealed' | 'remaining' | 'current'> {
    const id = String(raw._id);
    return this.locks.forDocument(this.model, id, async () => {
      const outboxOld = ((raw.outbox as OutboxEntry[] | undefined) ?? []).some((e) => !payloadUnder(e.payload, keyId));
      let outcome: 'resealed' | 'current' = 'current';
      if (sealed.needsReseal(raw, keyId)) {
        const doc = await sealed.fromStored<Record<string, unknown>>(raw);
        const value = doc ? await sealed.sealFor(id, doc) : undefined;
        const unset: Record<string, 1> = { ...sealed.unsetPlaintext(), ...(value ? {} : { [SEALED_FIELD]: 1 as const }) };
        const filter = { _id: id, version: raw.version ?? { $exists: false }, [SEALED_FIELD]: raw[SEALED_FIELD] ?? { $exists: false } };
        const update = { ...(value ? { $set: { [SEALED_FIELD]: value } } : {}), $unset: unset };
        const written = await this.model.updateOne(filter as never, update as never, { strict: false });
        if (written.modifiedCount !== 1) return 'remaining';
        outcome = 'resealed';
      }
      return outboxOld ? 'remaining' : outcome;
    });
  }

  private inScope(scope: SiteScope, doc: T): boolean {
    return this.def.site === 'network-wide' || scope.covers(this.def.site(doc));
  }

  private assertInScope(scope: SiteScope, doc: T): void {
    if (this.def.site !== 'network-wide') scope.assert(this.def.site(doc));
  }

  private lookup(name: L): (typeof this.lookups)[number] {
    const found = this.lookups.find((l) => l.name === name);
    if (!found) throw new Error(`${this.def.name} declares no look-up ${name}`);
    return found;
  }

  /** The _id of a look-up document: the key itself, or its blind index when the keys are patient data. */
  private lookupKey(def: LookupDefinition<T>, key: string): Promise<string> | string {
    if (!def.blind) return key;
    if (!this.protection) throw new Error(`${this.def.name}: a blind look-up needs DataKeysModule`);
    return this.protection.blind.of(def.blind, key);
  }

  /** Adds the document's id under each look-up key it has now and did not have before. */
  private async index(next: T, previous?: T | null): Promise<void> {
    for (const { def, model } of this.lookups) {
      const before = new Set(await Promise.all((previous ? def.keys(previous) : []).map((k) => this.lookupKey(def, k))));
      const now = await Promise.all(def.keys(next).map((k) => this.lookupKey(def, k)));
      for (const key of [...new Set(now)].filter((k) => !before.has(k))) {
        await this.locks.forDocument(model, key, () =>
          model.updateOne({ _id: key }, { $addToSet: { [def.field]: next._id } }, { upsert: true }),
        );
      }
    }
  }
}

const MISSING = Symbol('missing');

type LookupDoc = { _id: string } & Record<string, unknown>;

function lookupModel(connection: Connection, def: LookupDefinition<unknown>): Model<LookupDoc> {
  const name = `Lookup:${def.collection}`;
  if (connection.models[name]) return connection.models[name] as Model<LookupDoc>;
  const schema = new MongooseSchema({ _id: String, [def.field]: { type: [String], default: [] } }, { versionKey: false });
  return connection.model<LookupDoc>(name, schema, def.collection);
}

/** A decision that writes nothing (it may still carry a result). */
function isEmpty<T>(change: Change<T>): boolean {
  return !change.set && !change.push && !change.addToSet && !change.inc && !change.events?.length;
}

function applySet<T>(doc: T, set: Change<T>['set']): T {
  const next = { ...doc } as Record<string, unknown>;
  for (const [field, value] of Object.entries(set ?? {})) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  return next as T;
}

function toUpdate<T>(change: Change<T>, events: OutboxEntry[]): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  const set: Record<string, unknown> = {};
  const unset: Record<string, 1> = {};
  for (const [field, value] of Object.entries(change.set ?? {})) {
    if (value === undefined) unset[field] = 1;
    else set[field] = value;
  }
  if (Object.keys(set).length) update.$set = set;
  if (Object.keys(unset).length) update.$unset = unset;
  if (change.push) update.$push = change.push;
  if (change.addToSet) update.$addToSet = change.addToSet;
  if (change.inc) update.$inc = change.inc;
  if (events.length) return updateWithOutbox(update, events);
  return { ...update, $inc: { ...(change.inc ?? {}), version: 1 } };
}

function withoutOutbox<T>(doc: Record<string, unknown> | Stored<T>): T {
  const { outbox: _outbox, outboxPending: _pending, ...rest } = doc as Record<string, unknown>;
  return rest as T;
}

/** Injection token of the service's DataProtection (DataKeysModule provides it). */
export const DATA_PROTECTION = Symbol('DATA_PROTECTION');

/** Makes aggregate stores on the service's database, sharing its relay and document locks. */
@Injectable()
export class AggregateStores {
  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
    @Optional() @Inject(DATA_PROTECTION) private readonly protection?: DataProtection,
  ) {}

  create<T extends AggregateRoot, L extends string = never>(def: AggregateDefinition<T, L>): AggregateStore<T, L> {
    return new AggregateStore<T, L>(this.connection, this.relay, this.locks, def, this.protection);
  }
}
