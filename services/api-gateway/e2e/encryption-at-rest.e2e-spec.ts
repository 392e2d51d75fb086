import { randomUUID } from 'node:crypto';
import path from 'node:path';
import mongoose, { Connection } from 'mongoose';
import { ApiClient, createTestProvider, gatewayUrl, TEST_PROFILE, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { download, upload } from './document-support';
import { startAtLeast } from './support';

const keys = require(path.resolve(__dirname, '../../../infra/run/keys.js')) as {
  rotateKeyFile(profile: unknown): { keyId: string; previous: string };
  waitForSweeps(profile: string, keyId: string, opts?: { timeoutMs?: number }): Promise<{ done: boolean; statuses: Record<string, unknown> }>;
};
const infra = require(path.resolve(__dirname, '../../../infra/infra.js')) as { profile(name: string): unknown };

/**
 * A rotation re-seals every stored value: seconds on the test data of an e2e run, minutes when the
 * profile also holds the benchmark's 100,000 patients (about 300 documents a second here).
 */
const SWEEP_TIMEOUT_MS = 15 * 60_000;

/** The databases of the services that keep patient data, as the e2e system names them (each service's MONGO_DB default). */
const DATABASES = ['clinic_patient_records', 'clinic_scheduling', 'clinic_notification'];

/** A stored document as text, binary content included byte for byte (latin1), so a search sees everything stored. */
function storedText(doc: unknown): string {
  return JSON.stringify(doc, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key] as { _bsontype?: string; buffer?: Uint8Array } | undefined;
    if (raw && raw._bsontype === 'Binary' && raw.buffer) return Buffer.from(raw.buffer).toString('latin1');
    return value;
  });
}

/** A minimal one-page PDF carrying a marker in a comment (kept as the PDF's bytes). */
const pdfWith = (marker: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${marker}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

/**
 * Encryption at rest through the whole system: a patient's name, phone, email, allergy, visit
 * reason and document content are nowhere in the raw documents of patient-records, scheduling or
 * notification (including their copies, look-ups and outboxes), while the API returns them; a key
 * rotation re-seals every value under the new key in the background and everything still reads.
 */
describe('encryption at rest', () => {
  const tag = randomUUID().replace(/-/g, '').slice(0, 12);
  const secrets = {
    firstName: `Zephyrine${tag}`,
    lastName: `Quillfeather${tag}`,
    email: `enc-${tag}@example.org`,
    phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    allergy: `Xylocillin${tag}`,
    reason: `Throbbing knee ${tag}`,
    content: `ENCRYPTED-CONTENT-${tag}`,
  };
  let manager: ApiClient;
  let nurse: ApiClient;
  let connection: Connection;
  let patientId: string;
  let documentId: string;
  const pdf = pdfWith(secrets.content);

  /** Every stored document of the three databases, as text, with where it is. */
  async function* everything(): AsyncGenerator<{ where: string; text: string; doc: Record<string, unknown> }> {
    for (const name of DATABASES) {
      const db = connection.useDb(name, { useCache: true }).db!;
      for (const { name: collection } of await db.listCollections().toArray()) {
        for await (const doc of db.collection(collection).find({})) yield { where: `${name}.${collection}`, text: storedText(doc), doc };
      }
    }
  }

  /** Where any of the secrets is stored readable (exactly, or lower-cased for names and emails). */
  async function plaintextFound(): Promise<string[]> {
    const needles = Object.values(secrets).flatMap((s) => [s, s.toLowerCase(), s.replace(/^\+/, '')]);
    const found: string[] = [];
    for await (const { where, text } of everything()) {
      const hit = needles.find((n) => text.includes(n));
      if (hit) found.push(`${where}: ${hit}`);
    }
    return found;
  }

  beforeAll(async () => {
    [manager, nurse] = await Promise.all([ApiClient.loginAs('office-manager'), ApiClient.loginAs('registered-nurse')]);
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL).asPromise();
    const registered = await manager.post('/patients', {
      firstName: secrets.firstName,
      lastName: secrets.lastName,
      dateOfBirth: '1977-03-09',
      email: secrets.email,
      phone: secrets.phone,
      preferredChannel: 'sms',
      siteId: 'site-downtown',
    });
    expect(registered.status).toBe(201);
    patientId = registered.body.id;
    expect((await nurse.post(`/patients/${patientId}/allergies`, { substance: secrets.allergy, reaction: 'Hives', severity: 'moderate', notedOn: '2024-02-10' })).status).toBe(201);
    const uploaded = await upload(manager, `/patients/${patientId}/documents`, { kind: 'outside-record' }, { content: pdf, filename: `${secrets.lastName}.pdf`, contentType: 'application/pdf' });
    expect(uploaded.status).toBe(201);
    documentId = uploaded.body.id;
    const provider = await createTestProvider(manager);
    const booked = await manager.post('/appointments', { patientId, providerId: provider.id, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: startAtLeast(26 * 3600), reason: secrets.reason });
    expect(booked.status).toBe(201);
    // The copies exist: scheduling's day view has the name, notification has the contact and planned the reminders.
    await waitFor(async () => (await connection.useDb('clinic_notification').db!.collection('contacts').findOne({ _id: patientId as never })) !== null, { what: "notification's contact copy" });
    await waitFor(async () => (await connection.useDb('clinic_scheduling').db!.collection('patient_names').findOne({ _id: patientId as never })) !== null, { what: "scheduling's name copy" });
    await waitFor(async () => (await connection.useDb('clinic_notification').db!.collection('patient_messages').findOne({ _id: patientId as never })) !== null, { what: 'the planned reminders' });
  });

  afterAll(async () => {
    await connection?.close();
  });

  const readsBack = async () => {
    const patient = await manager.get(`/patients/${patientId}`);
    expect(patient.status).toBe(200);
    expect(patient.body).toMatchObject({ firstName: secrets.firstName, lastName: secrets.lastName, email: secrets.email, phone: secrets.phone, dateOfBirth: '1977-03-09' });
    const allergies = await nurse.get(`/patients/${patientId}/allergies`);
    expect(allergies.body.items.map((a: { substance: string }) => a.substance)).toContain(secrets.allergy);
    const got = await download(gatewayUrl(), `/api/v1/patients/${patientId}/documents/${documentId}/content`, manager.token);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, pdf)).toBe(0);
    for (const q of [secrets.email, secrets.phone]) {
      const found = await manager.get(`/patients?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((i: { id: string }) => i.id)).toContain(patientId);
    }
  };

  it('stores none of the patient data readable in any collection of patient-records, scheduling or notification, and the API returns all of it', async () => {
    await readsBack();
    expect(await plaintextFound()).toEqual([]);
    // What is sealed names its key, and the patient's record is among the sealed documents.
    const patient = await connection.useDb('clinic_patient_records').db!.collection('patients').findOne({ _id: patientId as never });
    expect(patient).toMatchObject({ mrn: expect.any(String), registeredAtSiteId: 'site-downtown', sealed: expect.stringMatching(/^cf1\./) });
    expect(patient).not.toHaveProperty('firstName');
  });

  it('re-seals every value under a new key in the background after a rotation; everything still reads and exact email/phone search works', async () => {
    const { keyId, previous } = keys.rotateKeyFile(infra.profile(TEST_PROFILE));
    expect(keyId).not.toBe(previous);
    const result = await keys.waitForSweeps(TEST_PROFILE, keyId, { timeoutMs: SWEEP_TIMEOUT_MS });
    expect(result).toMatchObject({ done: true });

    const notUnderNewKey: string[] = [];
    let sealedValues = 0;
    for await (const { where, doc } of everything()) {
      if (typeof doc.sealed === 'string') {
        sealedValues++;
        if (!doc.sealed.startsWith(`cf1.${keyId}.`)) notUnderNewKey.push(`${where} ${doc._id}: ${doc.sealed.split('.')[1]}`);
      }
      if (where.endsWith('.document_chunks') && doc.k !== keyId) notUnderNewKey.push(`${where} ${doc._id}: ${doc.k ?? 'plaintext'}`);
      for (const entry of (doc.outbox as Array<{ payload: string }> | undefined) ?? []) {
        if (!entry.payload.startsWith(`cf1.${keyId}.`)) notUnderNewKey.push(`${where} ${doc._id} outbox`);
      }
    }
    expect(sealedValues).toBeGreaterThan(0);
    expect(notUnderNewKey).toEqual([]);
    await readsBack();
    expect(await plaintextFound()).toEqual([]);
  }, SWEEP_TIMEOUT_MS + 60_000);
});
