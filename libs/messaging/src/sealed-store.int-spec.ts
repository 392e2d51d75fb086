import { randomUUID } from 'node:crypto';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Schema } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { BlindIndex, FileKeyProvider, KeyRotation, newKeySet, Sealer, sealedKeyId, withNewKey } from '@clinic-flow/crypto';
import { waitFor } from '@clinic-flow/testing';
import { AggregateStore } from './aggregate-store';
import { DocumentLocks } from './document-locks';
import { OutboxRelay } from './outbox-relay';
import { ProjectionStore } from './projection-store';
import { RelayTestKit } from './relay.test-support';

interface Person {
  _id: string;
  version: number;
  siteId: string;
  name: string;
  email?: string;
  contact?: { phone?: string; city?: string };
  notes?: string[];
  count: number;
}

interface Copy {
  _id: string;
  asOf: Date;
  name?: string;
  status?: string;
}

/** Sealed fields against the real FerretDB: nothing readable at rest, everything readable through the store, rotation re-seals. */
describe('sealed aggregate and projection stores (real FerretDB and Kafka)', () => {
  const kit = new RelayTestKit('it-sealed-store');
  const suffix = randomUUID().slice(0, 8);
  const scope = SiteScope.of({ id: 'it-user', siteIds: ['site-downtown'] });
  const keyFile = join(mkdtempSync(join(tmpdir(), 'it-keys-')), 'data-keys.json');
  const firstKeys = newKeySet('it-k1');
  let relay: OutboxRelay;
  let store: AggregateStore<Person, 'byEmail'>;
  let copies: ProjectionStore<Copy>;
  let rotation: KeyRotation;
  const raw = (collection: string, id: string) => kit.connection.collection(collection).findOne({ _id: id as never });
  const rawText = async (collection: string, id: string) => JSON.stringify(await raw(collection, id));

  beforeAll(async () => {
    await kit.start();
    writeFileSync(keyFile, JSON.stringify(firstKeys));
    const keys = new FileKeyProvider(keyFile);
    const markers = new Map<string, string>();
    rotation = new KeyRotation(keys, { get: async (t) => markers.get(t) ?? null, set: async (t, k) => void markers.set(t, k) }, { pollMs: 60_000, retryMs: 200, maxPasses: 50 });
    const protection = { sealer: new Sealer(keys), blind: new BlindIndex(keys), rotation };
    const locks = new DocumentLocks();
    relay = new OutboxRelay(kit.publisher, kit.logger, { sweepIntervalMs: 60_000, batchSize: 100 }, locks);
    store = new AggregateStore<Person, 'byEmail'>(
      kit.connection,
      relay,
      locks,
      {
        name: `ItPerson${suffix}`,
        collection: `it_people_${suffix}`,
        schema: new Schema(
          { _id: String, siteId: String, name: { type: String, required: true }, email: String, contact: { phone: String, city: String }, notes: [String], count: Number },
          { versionKey: false },
        ),
        site: (p) => p.siteId,
        sealed: ['name', 'email', 'contact', 'notes'],
        lookups: { byEmail: { collection: `it_people_by_email_${suffix}`, field: 'ids', keys: (p) => (p.email ? [p.email] : []), blind: 'email' } },
      },
      protection,
    );
    copies = new ProjectionStore<Copy>(kit.connection, locks, { name: `ItCopy${suffix}`, collection: `it_copies_${suffix}`, schema: new Schema({ _id: String, asOf: Date, name: String, status: String }, { versionKey: false }), sealed: ['name'] }, protection);
    relay.start();
    await rotation.start();
  });

  afterAll(async () => {
    await rotation.stop();
    await relay.stop();
    await kit.stop();
  });

  it('stores sealed fields as one sealed value, reads them back, and keys the look-up by a blind index', async () => {
    const id = `p-${randomUUID()}`;
    const created = await store.insert(scope, { _id: id, siteId: 'site-downtown', name: 'Zebulon Quartzfield', email: 'Zeb.Q@example.org', contact: { phone: '+15550009999' }, count: 0 });
    expect(created).toMatchObject({ name: 'Zebulon Quartzfield', email: 'Zeb.Q@example.org', version: 1 });
    const stored = await rawText(`it_people_${suffix}`, id);
    expect(stored).not.toMatch(/Zebulon|Quartzfield|Zeb\.Q|5550009999/);
    expect(sealedKeyId((await raw(`it_people_${suffix}`, id))?.sealed)).toBe('it-k1');
    expect((await store.findBy(scope, 'byEmail', 'zeb.q@EXAMPLE.org')).map((p) => p._id)).toEqual([id]);
    const lookups = JSON.stringify(await kit.connection.collection(`it_people_by_email_${suffix}`).find({}).toArray());
    expect(lookups).toContain(id);
    expect(lookups).not.toMatch(/zeb/i);
  });

  it('applies set of a nested path, push and inc on sealed and plain fields in one guarded write', async () => {
    const id = `p-${randomUUID()}`;
    await store.insert(scope, { _id: id, siteId: 'site-downtown', name: 'Ottilie Brackwater', contact: { phone: '+15550001111', city: 'Springfield' }, count: 0 });
    const outcome = await store.update(scope, id, () => ({ set: { 'contact.phone': '+15550002222' } as never, push: { notes: { $each: ['first note'] } }, inc: { count: 2 } }));
    expect(outcome?.doc).toMatchObject({ name: 'Ottilie Brackwater', contact: { phone: '+15550002222', city: 'Springfield' }, notes: ['first note'], count: 2, version: 2 });
    const again = await store.update(scope, id, () => ({ addToSet: { notes: 'first note' }, set: { email: 'ottilie@example.org' } }));
    expect(again?.doc.notes).toEqual(['first note']);
    expect(await store.findById(scope, id)).toMatchObject({ email: 'ottilie@example.org', notes: ['first note'], count: 2, version: 3 });
    expect(await rawText(`it_people_${suffix}`, id)).not.toMatch(/Ottilie|Brackwater|first note|5550002222|Springfield/);
  });

  it('seals pending events in the outbox and publishes them opened', async () => {
    const id = `p-${randomUUID()}`;
    const event = kit.eventFor(id);
    await store.insert(scope, { _id: id, siteId: 'site-downtown', name: 'Evented Person', count: 0 }, [event]);
    await waitFor(async () => kit.published(id).length === 1, { what: 'the event on Kafka' });
    const message = kit.probe.seen.find((m) => m.key === id)!;
    expect(JSON.parse(message.value!).id).toBe(event.id);
    expect(JSON.parse(message.value!).data.patientId).toBe(id);
  });

  it('publishes events a document held in plaintext from before its collection was sealed', async () => {
    const id = `legacy-outbox-${randomUUID()}`;
    const event = kit.eventFor(id);
    await kit.connection.collection(`it_people_${suffix}`).insertOne({ _id: id as never, siteId: 'site-downtown', name: 'Old Outbox', count: 0, version: 1, outbox: [event], outboxPending: true });
    relay.enqueue(kit.connection.models[`ItPerson${suffix}`], id);
    await waitFor(async () => kit.published(id).length === 1, { what: 'the legacy event on Kafka' });
    expect(kit.published(id)).toEqual([event.id]);
  });

  it('keeps copies sealed and re-seals every value under the new key after a rotation; nothing written meanwhile is lost', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(async (n) => (await store.insert(scope, { _id: `p-${randomUUID()}`, siteId: 'site-downtown', name: `Rotated ${n}`, count: 0 }))._id),
    );
    const copyId = `c-${randomUUID()}`;
    await copies.upsertIfNewer({ _id: copyId, asOf: new Date(), name: 'Copied Name', status: 'active' });
    expect(await rawText(`it_copies_${suffix}`, copyId)).not.toContain('Copied Name');
    expect(await copies.findById(copyId)).toMatchObject({ name: 'Copied Name', status: 'active' });

    writeFileSync(keyFile, JSON.stringify(withNewKey(firstKeys, 'it-k2')));
    const later = new Date(Date.now() + 5000);
    utimesSync(keyFile, later, later);
    await rotation.check();
    await store.update(scope, ids[0], () => ({ inc: { count: 1 } }));
    await rotation.idle();
    expect(rotation.snapshot()).toMatchObject({ state: 'done', sweepKeyId: 'it-k2' });
    const people = await kit.connection.collection(`it_people_${suffix}`).find({}).toArray();
    expect(people.length).toBeGreaterThan(3);
    expect(people.map((p) => sealedKeyId(p.sealed))).toEqual(people.map(() => 'it-k2'));
    expect(sealedKeyId((await raw(`it_copies_${suffix}`, copyId))?.sealed)).toBe('it-k2');
    expect(await store.findById(scope, ids[0])).toMatchObject({ name: 'Rotated 1', count: 1 });
    expect(await copies.findById(copyId)).toMatchObject({ name: 'Copied Name' });
  });

  it('seals a document written before its collection was sealed on the next rotation pass', async () => {
    const id = `legacy-${randomUUID()}`;
    await kit.connection.collection(`it_people_${suffix}`).insertOne({ _id: id as never, siteId: 'site-downtown', name: 'Legacy Plaintext', count: 0, version: 1, outbox: [], outboxPending: false });
    expect(await store.findById(scope, id)).toMatchObject({ name: 'Legacy Plaintext' });
    writeFileSync(keyFile, JSON.stringify(withNewKey(withNewKey(firstKeys, 'it-k2'), 'it-k3')));
    const later = new Date(Date.now() + 10000);
    utimesSync(keyFile, later, later);
    await rotation.check();
    await rotation.idle();
    expect(await rawText(`it_people_${suffix}`, id)).not.toContain('Legacy Plaintext');
    expect(await store.findById(scope, id)).toMatchObject({ name: 'Legacy Plaintext', count: 0 });
  });
});
