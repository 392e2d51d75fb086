/*
 * The audit trail through the gateway: a patient's reads and writes in patient-records,
 * scheduling and notification appear in the office manager's listing with who, role, site, what,
 * when, from where and the correlation id the client sent; the listing is for office managers of
 * the patient's sites; verify finds every chain intact. Tampering is done on a COPY of
 * patient-records' chain in a scratch collection (the live chains belong to every e2e file running
 * in parallel) and checked with `npm run audit:verify`, which must name the changed, the removed
 * and the two swapped entries.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { AppointmentBookedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, gatewayUrl, KafkaProbe, linkIn, mailsTo, TEST_PROFILE, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { download, PDF, upload } from './document-support';
import { booked, publish, typeWithPolicy } from './notification-support';
import { bookingRequest, registerPatient } from './support';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

interface Entry {
  id: string;
  service: string;
  chainId: string;
  seq: number;
  at: string;
  phase: 'attempt' | 'completed';
  actor: { userId: string | null; roles: string[]; siteIds: string[]; via?: string };
  patientIds: string[];
  operation: { method: string; route: string; operationId: string; access: 'read' | 'write' };
  status?: number;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
}

/** `npm run audit:verify` on this profile, parsed, with its exit code. */
async function auditVerify(...args: string[]): Promise<{ code: number; report: { ok: boolean; services: Array<{ service: string; chains: Array<{ chainId: string; ok: boolean; entries: number; problems: Array<{ problem: string; seq: number; id: string; detail: string }> }> }> } }> {
  const argv = [path.join(ROOT, 'tools/audit/verify.js'), '--profile', TEST_PROFILE, ...args];
  try {
    const { stdout } = await exec(process.execPath, argv, { cwd: ROOT });
    return { code: 0, report: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1) throw new Error(`audit:verify failed to run (${failed.code}): ${failed.stderr}`);
    return { code: 1, report: JSON.parse(failed.stdout ?? '{}') };
  }
}

describe('audit trail: every access to a patient is on record, and tampering is found', () => {
  const run = randomUUID().slice(0, 8);
  const correlation = (step: string) => `audit-e2e-${run}-${step}`;
  const ADDRESS = '203.0.113.77';
  const AGENT = `audit-e2e/${run}`;
  let front: ApiClient;
  let manager: ApiClient;
  let riversideManager: ApiClient;
  let patient: { id: string };
  let entries: Entry[];

  /** A request as the client sends it through a proxy the gateway trusts (the e2e gateway believes X-Forwarded-For from the test process). */
  const traced = <T extends request.Test>(req: T, step: string): T => req.set('x-correlation-id', correlation(step)).set('x-forwarded-for', ADDRESS).set('user-agent', AGENT) as T;

  beforeAll(async () => {
    [front, manager, riversideManager] = await Promise.all([ApiClient.loginAs('receptionist'), ApiClient.loginAs('office-manager'), ApiClient.loginAsEmail('riverside-manager@demo.clinic')]);
    patient = await registerPatient(front);

    expect((await traced(front.get(`/patients/${patient.id}`), 'read')).status).toBe(200);
    expect((await traced(front.patch(`/patients/${patient.id}/contact`, { preferredChannel: 'sms' }), 'write')).status).toBe(200);
    const booked = await traced(front.post('/appointments', bookingRequest(patient.id, { siteId: 'site-downtown' })), 'book');
    expect(booked.status).toBe(201);
    const today = DateTime.fromISO(booked.body.start).setZone('America/New_York').toISODate();
    expect((await traced(front.get(`/schedule/day?siteId=site-downtown&date=${today}`), 'day-view')).status).toBe(200);
    expect((await traced(front.get(`/patients/${patient.id}/notifications`), 'messages')).status).toBe(200);

    const document = await upload(front, `/patients/${patient.id}/documents`, { kind: 'signed-form' }, { content: PDF, filename: 'form.pdf', contentType: 'application/pdf' });
    expect(document.status).toBe(201);
    const content = await traced(download(gatewayUrl(), `/api/v1/patients/${patient.id}/documents/${document.body.id}/content`, front.token) as request.Test, 'download');
    expect(content.status).toBe(200);
    const link = await front.post(`/patients/${patient.id}/documents/${document.body.id}/links`, {});
    expect(link.status).toBe(201);
    const viaLink = await traced(download(gatewayUrl(), new URL(link.body.url).pathname) as request.Test, 'link');
    expect(viaLink.status).toBe(200);

    const listing = await manager.get(`/patients/${patient.id}/accesses?limit=200`);
    expect(listing.status).toBe(200);
    entries = listing.body.items;
  });

  const byStep = (step: string) => entries.filter((e) => e.correlationId === correlation(step));

  it('records a read with who, role, sites, what, when, from where and the correlation id', () => {
    const [read] = byStep('read');
    expect(byStep('read')).toHaveLength(1);
    expect(read).toMatchObject({
      service: 'patient-records',
      phase: 'completed',
      actor: { userId: front.user.id, roles: ['receptionist'], siteIds: ['site-downtown'] },
      patientIds: [patient.id],
      operation: { method: 'GET', route: '/patients/:id', operationId: 'PatientsController.get', access: 'read' },
      status: 200,
      client: { ip: ADDRESS, userAgent: AGENT },
    });
    expect(Date.now() - Date.parse(read.at)).toBeLessThan(10 * 60_000);
  });

  it('records a write before it runs and with its outcome after', () => {
    const write = byStep('write');
    expect(write.map((e) => [e.phase, e.status ?? null]).sort()).toEqual([
      ['attempt', null],
      ['completed', 200],
    ]);
    const [completed] = write.filter((e) => e.phase === 'completed');
    expect(completed).toMatchObject({ operation: { method: 'PATCH', route: '/patients/:id/contact', access: 'write' }, actor: { userId: front.user.id }, client: { ip: ADDRESS } });
    const attempt = write.find((e) => e.phase === 'attempt')!;
    expect(attempt.seq).toBeLessThan(completed.seq);
    expect(attempt.chainId).toBe(completed.chainId);
  });

  it("lists scheduling's and notification's accesses too: the booking, the day view that showed the patient, the messages", () => {
    expect(byStep('book').map((e) => [e.service, e.phase, e.operation.route])).toEqual(
      expect.arrayContaining([
        ['scheduling', 'attempt', '/appointments'],
        ['scheduling', 'completed', '/appointments'],
      ]),
    );
    expect(byStep('day-view')).toEqual([expect.objectContaining({ service: 'scheduling', operation: expect.objectContaining({ route: '/schedule/day', access: 'read' }), client: { ip: ADDRESS, userAgent: AGENT } })]);
    expect(byStep('messages')).toEqual([expect.objectContaining({ service: 'notification', operation: expect.objectContaining({ route: '/patients/:id/notifications' }) })]);
  });

  it('records document downloads, by staff and through a patient’s link', () => {
    expect(byStep('download')).toEqual([
      expect.objectContaining({ service: 'patient-records', status: 200, operation: expect.objectContaining({ route: '/patients/:patientId/documents/:documentId/content', access: 'read' }) }),
    ]);
    expect(byStep('link')).toEqual([
      expect.objectContaining({ actor: { userId: null, roles: [], siteIds: [], via: 'document-link' }, patientIds: [patient.id], status: 200, client: { ip: ADDRESS, userAgent: AGENT } }),
    ]);
  });

  it('lists newest first and pages through the same entries', async () => {
    const times = entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const paged: Entry[] = [];
    let cursor: string | undefined;
    do {
      const page = await manager.get(`/patients/${patient.id}/accesses?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.body.items);
      cursor = page.body.next;
    } while (cursor);
    // The listings themselves are accesses of the patient, recorded as they happen: compare what existed at the first listing.
    const firstIds = new Set(entries.map((e) => e.id));
    expect(paged.filter((e) => firstIds.has(e.id)).map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
  });

  it('is for office managers of the patient’s sites only', async () => {
    const refused = await front.get(`/patients/${patient.id}/accesses`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.ROLE_FORBIDDEN');
    const otherSite = await riversideManager.get(`/patients/${patient.id}/accesses`);
    // Refused like every other read of another site's patient (403 today; 404 once the care-relationship boundary hides it).
    expect([403, 404]).toContain(otherSite.status);
    expect(otherSite.body.items).toBeUndefined();
    expect((await front.get('/audit/verify')).status).toBe(403);
    // The services' own audit routes are internal: the gateway does not forward them, even to a manager.
    for (const internal of [`/audit/entries?patientIds=${patient.id}`, `/audit/patients/${patient.id}/entries`]) {
      const res = await manager.get(internal);
      expect([res.status, res.body.code]).toEqual([404, 'RESOURCE.NOT_FOUND']);
    }
  });

  it('verifies every chain of every service as intact', async () => {
    const res = await manager.get('/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body.services.map((s: { service: string }) => s.service)).toEqual(['patient-records', 'scheduling', 'notification', 'insurance', 'billing']);
    const broken = res.body.services.flatMap((s: { chains: Array<{ ok: boolean; chainId: string; problems: unknown[] }> }) => s.chains.filter((c) => !c.ok));
    expect(broken).toEqual([]);
    expect(res.body.ok).toBe(true);
  });

  it("records what a patient does with their reminder's confirm link (the page shown, the answer)", async () => {
    const probe = new KafkaProbe();
    const own = await registerPatient(front, { preferredChannel: 'email' });
    try {
      await probe.record([Topics.patientResponses]);
      const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }] });
      const data = booked(own.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId });
      await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
      const mail = await waitFor(async () => (await mailsTo(own.email))[0], { what: 'the reminder email', timeoutMs: 40_000 });
      const confirm = new URL(linkIn(mail.text.split('cancel it here')[0])!).pathname;
      expect((await traced(request(gatewayUrl()).get(confirm).set('accept', 'text/html'), 'link-page')).status).toBe(200);
      expect((await traced(request(gatewayUrl()).post(confirm).set('accept', 'application/json'), 'link-answer')).status).toBe(200);
    } finally {
      await probe.close();
    }
    const listing = await manager.get(`/patients/${own.id}/accesses?limit=200`);
    expect(listing.status).toBe(200);
    const patientAction = (step: string) => (listing.body.items as Entry[]).filter((e) => e.correlationId === correlation(step)).map((e) => [e.service, e.phase, e.actor.via, e.client.ip, e.status ?? null]);
    expect(patientAction('link-page')).toEqual([['notification', 'completed', 'response-link', ADDRESS, 200]]);
    // Its attempt entry went on the chain before it ran, naming only what the path names (a token, not kept):
    // the completed entry names the patient the link belongs to.
    expect(patientAction('link-answer')).toEqual([['notification', 'completed', 'response-link', ADDRESS, 200]]);
  });

  it('names a changed, a removed and two swapped entries in a copy of a chain (npm run audit:verify)', async () => {
    const chainId = byStep('read')[0].chainId;
    const scratch = `audit_entries_e2e_${run}`;
    const client = await MongoClient.connect(testInfraEnv().MONGO_URL);
    try {
      const db = client.db('clinic_patient_records');
      const live = await db.collection('audit_entries').find({ chainId }).sort({ seq: 1 }).toArray();
      expect(live.length).toBeGreaterThanOrEqual(10);
      const copy = db.collection(scratch);
      await copy.insertMany(live);
      const intact = await auditVerify('--service', 'patient-records', '--collection', scratch);
      expect(intact.code).toBe(0);
      expect(intact.report.services[0].chains).toEqual([expect.objectContaining({ chainId, ok: true, entries: live.length })]);

      const [changed, removed, first, second] = [live[2], live[5], live[7], live[8]];
      await copy.updateOne({ _id: changed._id }, { $set: { 'actor.userId': 'someone-else' } });
      await copy.deleteOne({ _id: removed._id });
      const { _id: firstId, ...firstBody } = first;
      const { _id: secondId, ...secondBody } = second;
      await copy.replaceOne({ _id: firstId }, secondBody);
      await copy.replaceOne({ _id: secondId }, firstBody);

      const tampered = await auditVerify('--service', 'patient-records', '--collection', scratch);
      expect(tampered.code).toBe(1);
      expect(tampered.report.ok).toBe(false);
      const problems = tampered.report.services[0].chains[0].problems.map((p) => [p.problem, p.seq, p.id]);
      expect(problems).toEqual([
        ['changed', changed.seq, changed._id],
        ['removed', removed.seq + 1, live[6]._id],
        ['reordered', first.seq, secondId],
        ['reordered', second.seq, firstId],
      ]);
      expect(tampered.report.services[0].chains[0].problems[1].detail).toContain(`seq ${removed.seq} `);
    } finally {
      await client.db('clinic_patient_records').collection(scratch).drop().catch(() => undefined);
      await client.close();
    }
  });
});
