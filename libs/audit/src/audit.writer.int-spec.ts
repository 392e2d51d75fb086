import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { testInfraEnv } from '@clinic-flow/testing';
import { AuditEntry, AuditRecord, verifyChains } from './chain';
import { AUDIT_COLLECTION, AuditChainWriter } from './audit.writer';

const record = (n: number): AuditRecord => ({
  at: new Date().toISOString(),
  service: 'it-service',
  actor: { userId: `user-${n}`, roles: ['receptionist'], siteIds: ['site-downtown'] },
  patientIds: [`patient-${n}`],
  operation: { method: 'GET', route: '/patients/:id', operationId: 'PatientsController.get', access: 'read' },
  phase: 'completed',
  status: 200,
  client: { ip: '203.0.113.1' },
  correlationId: `corr-${n}`,
});

describe('audit chain writer (real FerretDB)', () => {
  let connection: Connection;
  const writer = (instance: string) => new AuditChainWriter(connection, 'it-service', { AUDIT_INSTANCE_ID: instance });
  const stored = () => connection.collection<AuditEntry>(AUDIT_COLLECTION).find({}).toArray() as unknown as Promise<AuditEntry[]>;

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: `it_audit_${randomUUID().slice(0, 8)}` }).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('appends concurrent entries in order onto one chain, and a restarted process resumes it', async () => {
    const first = writer('host-a');
    await first.onApplicationBootstrap();
    const entries = await Promise.all(Array.from({ length: 60 }, (_, i) => first.append(record(i))));
    // Each caller gets its own entry back, in the order asked.
    expect(entries.map((e) => e.correlationId)).toEqual(Array.from({ length: 60 }, (_, i) => `corr-${i}`));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));

    const restarted = writer('host-a');
    await restarted.onApplicationBootstrap();
    expect((await restarted.append(record(60))).seq).toBe(61);
    const [report] = verifyChains((await stored()).filter((e) => e.chainId === 'it-service:host-a'));
    expect(report).toMatchObject({ chainId: 'it-service:host-a', ok: true, entries: 61 });
  });

  it('keeps one valid chain when two processes share a chain id (the unique _id decides each position)', async () => {
    const [a, b] = [writer('shared'), writer('shared')];
    await Promise.all([a.onApplicationBootstrap(), b.onApplicationBootstrap()]);
    const written = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append(record(i))));
    expect(new Set(written.map((e) => e.seq)).size).toBe(40);
    const [report] = verifyChains((await stored()).filter((e) => e.chainId === 'it-service:shared'));
    expect(report).toMatchObject({ ok: true, entries: 40, head: { seq: 40 } });
  });
});
