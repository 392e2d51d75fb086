import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { BlindIndex, KeySet, newKeySet, Sealer, StaticKeyProvider } from '@clinic-flow/crypto';
import { AggregateStores, DocumentLocks, EventFactory, OutboxRelay } from '@clinic-flow/messaging';
import { testInfraEnv } from '@clinic-flow/testing';
import { AccountsRepository } from './accounts.repository';
import { LedgerService } from './ledger.service';

/**
 * The ledger against the real FerretDB: a posting of several entries is ONE guarded write of the
 * account (entries, posting record, balances and events together; the version counts writes),
 * all or nothing, exactly once per idempotency key even when the same key races itself, and the
 * ledger is sealed at rest. The outbox relay is left out (its own tests cover publishing).
 */
describe('ledger postings (real FerretDB)', () => {
  let connection: Connection;
  let ledger: LedgerService;
  let accounts: AccountsRepository;
  const scope = SiteScope.service('ledger integration test');
  const collection = () => connection.collection('accounts');

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: `it_billing_ledger` }).asPromise();
    const keys = new StaticKeyProvider(KeySet.from(newKeySet('it-ledger-k1'), 'test'));
    const relay = { register: () => undefined, enqueue: () => undefined } as unknown as OutboxRelay;
    const stores = new AggregateStores(connection, relay, new DocumentLocks(), { sealer: new Sealer(keys), blind: new BlindIndex(keys) });
    accounts = new AccountsRepository(stores);
    ledger = new LedgerService(accounts, new EventFactory('billing'));
  });

  afterAll(async () => {
    await connection.close();
  });

  const openAccount = async () => {
    const id = `acct-it-${randomUUID()}`;
    await accounts.insertOnce(scope, {
      _id: id, patientId: id.slice(5), guarantor: { kind: 'self', firstName: 'Ledger', lastName: 'Tester', patientFirstName: 'Ledger', patientLastName: 'Tester' },
      entries: [], postings: [], payments: [], refunds: [], balances: { totalCents: 0, patientCents: 0, insuranceCents: 0, creditCents: 0 },
      cycleDay: 2, createdBy: 'it', createdAt: new Date(),
    });
    return id;
  };
  const raw = (id: string) => collection().findOne({ _id: id as never }) as Promise<Record<string, unknown>>;

  it('writes a posting of several entries as one document write, sealed, with its event', async () => {
    const id = await openAccount();
    const before = await raw(id);
    const result = await ledger.post(id, [
      { type: 'charge', amountCents: 15000, bucket: 'insurance', claimId: 'clm-1', siteId: 'site-downtown' },
      { type: 'transfer-from-insurance', amountCents: 4000, claimId: 'clm-1' },
      { type: 'transfer-to-patient', amountCents: 4000, claimId: 'clm-1' },
    ], 'remit-1:posting-7', { source: 'service:remittance' });
    expect(result.created).toBe(true);
    expect(result.balances).toEqual({ totalCents: 15000, patientCents: 4000, insuranceCents: 11000, creditCents: 0 });
    expect(result.entries.map((e) => [e.type, e.balanceAfterCents, e.patientBalanceAfterCents, e.postingId])).toEqual([
      ['charge', 15000, 0, result.postingId], ['transfer-from-insurance', 11000, 0, result.postingId], ['transfer-to-patient', 15000, 4000, result.postingId],
    ]);
    const after = await raw(id);
    expect(after.version).toBe((before.version as number) + 1);
    expect(after.balances).toEqual(result.balances);
    expect((after.outbox as Array<{ type: string }>).map((e) => e.type)).toEqual(['ledger.posted']);
    // The ledger is sealed at rest: no entries or claim ids readable in the stored document (idempotency keys are plain: they carry no patient data).
    expect(after.entries).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain('clm-1');
    expect((await accounts.findById(scope, id))!.entries).toHaveLength(3);
  });

  it('posts an idempotency key once, even when the same posting races itself; a different posting under the key is refused', async () => {
    const id = await openAccount();
    const results = await Promise.all(Array.from({ length: 8 }, () => ledger.post(id, [{ type: 'charge', amountCents: 2500, siteId: 'site-downtown' }], 'visit-1:charge', { source: 'u1' })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.postingId)).size).toBe(1);
    const doc = (await accounts.findById(scope, id))!;
    expect(doc.entries).toHaveLength(1);
    expect(doc.version).toBe(2);
    await expect(ledger.post(id, [{ type: 'charge', amountCents: 2600 }], 'visit-1:charge', { source: 'u1' })).rejects.toMatchObject({ code: 'LEDGER.IDEMPOTENCY_KEY_REUSED' });
    // Different keys racing: every posting lands, the balance is their sum.
    await Promise.all(Array.from({ length: 5 }, (_, i) => ledger.post(id, [{ type: 'payment', amountCents: 100 }], `pay-${i}`, { source: 'u1' })));
    const after = (await accounts.findById(scope, id))!;
    expect(after.balances.patientCents).toBe(2000);
    expect(after.entries.map((e) => e.balanceAfterCents)).toEqual([2500, 2400, 2300, 2200, 2100, 2000]);
  });

  it('writes nothing of a posting one entry of which is refused', async () => {
    const id = await openAccount();
    await ledger.post(id, [{ type: 'charge', amountCents: 1000 }], 'c1', { source: 'u1' });
    const before = await raw(id);
    await expect(ledger.post(id, [{ type: 'charge', amountCents: 500 }, { type: 'payment', amountCents: 5000 }], 'c2', { source: 'u1' })).rejects.toMatchObject({ code: 'PAYMENT.EXCEEDS_BALANCE' });
    await expect(ledger.post(id, [{ type: 'charge', amountCents: -1 }], 'c3', { source: 'u1' })).rejects.toMatchObject({ code: 'LEDGER.NEGATIVE_CHARGE' });
    const after = await raw(id);
    expect([after.version, after.balances, after.sealed ?? null]).toEqual([before.version, before.balances, before.sealed ?? null]);
    // The refused key is free: the corrected posting goes through under it.
    expect((await ledger.post(id, [{ type: 'charge', amountCents: 500 }, { type: 'payment', amountCents: 1500 }], 'c2', { source: 'u1' })).balances.patientCents).toBe(0);
  });
});
