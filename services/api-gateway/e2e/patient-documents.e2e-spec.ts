import { createHash } from 'node:crypto';
import { MAX_DOCUMENT_BYTES, Topics } from '@clinic-flow/contracts';
import { ApiClient, gatewayUrl, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { download, JPEG, PDF, PNG, upload } from './document-support';
import { registerPatient } from './support';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Patient documents through the gateway: the type is what the content is (not what the client
 * says), versions are kept, the size limit and the kept types hold with nothing half-written,
 * another site's user cannot reach them, and a patient's download link works until it expires.
 */
describe('patient documents', () => {
  let desk: ApiClient;
  let outsider: ApiClient;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    outsider = await ApiClient.loginAs('medical-assistant');
    expect(outsider.user.siteIds).not.toContain(desk.user.siteIds[0]);
    await probe.record([Topics.patients]);
  });
  afterAll(() => probe.close());

  it('stores what the content is: a PNG sent as application/pdf is a PNG, and downloads byte for byte', async () => {
    const patient = await registerPatient(desk);
    const res = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'insurance-card-front' }, { content: PNG, filename: 'card.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      patientId: patient.id,
      kind: 'insurance-card-front',
      title: 'Insurance card (front)',
      currentVersion: 1,
      contentType: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      filename: 'card.pdf',
    });

    const got = await download(gatewayUrl(), `/api/v1/patients/${patient.id}/documents/${res.body.id}/content`, desk.token);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe('attachment; filename="card.pdf"');
    expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0);

    const list = await desk.get(`/patients/${patient.id}/documents`);
    expect(list.status).toBe(200);
    expect(list.body.map((d: { id: string }) => d.id)).toEqual([res.body.id]);

    const added = await waitFor(async () => probe.envelopes().find((e) => e.type === 'document.added' && e.data.documentId === res.body.id), { what: 'document.added' });
    expect(added.subject).toBe(patient.id);
    expect(added.data).toEqual({
      documentId: res.body.id,
      patientId: patient.id,
      kind: 'insurance-card-front',
      version: 1,
      contentType: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      addedBy: desk.user.id,
      addedAt: expect.any(String),
    });
  });

  it('refuses a text file named .pdf (415), a form without a kind or a file (400), and stores nothing', async () => {
    const patient = await registerPatient(desk);
    const text = Buffer.from('Dear doctor,\nthis is not a PDF at all.\n'.repeat(20));
    const refused = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'outside-record' }, { content: text, filename: 'records.pdf', contentType: 'application/pdf' });
    expect(refused.status).toBe(415);
    expect(refused.body.code).toBe('DOCUMENT.UNSUPPORTED_TYPE');

    const noKind = await upload(desk, `/patients/${patient.id}/documents`, {}, { content: PDF, filename: 'a.pdf', contentType: 'application/pdf' });
    expect(noKind.status).toBe(400);
    expect(noKind.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'kind' }] });
    const json = await desk.post(`/patients/${patient.id}/documents`, { kind: 'other' });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('DOCUMENT.MULTIPART_REQUIRED');

    expect((await desk.get(`/patients/${patient.id}/documents`)).body).toEqual([]);
  });

  it('replaces a document: the list shows the new version, every version stays downloadable', async () => {
    const patient = await registerPatient(desk);
    const first = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'signed-form', title: 'Intake form' }, { content: PDF, filename: 'intake.pdf', contentType: 'application/pdf' });
    expect(first.status).toBe(201);
    const second = await upload(desk, `/patients/${patient.id}/documents/${first.body.id}/versions`, {}, { content: JPEG, filename: 'intake-photo.jpg', contentType: 'image/jpeg' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ id: first.body.id, title: 'Intake form', currentVersion: 2, contentType: 'image/jpeg', size: JPEG.length, filename: 'intake-photo.jpg' });
    expect(second.body.versions.map((v: { version: number; contentType: string }) => [v.version, v.contentType])).toEqual([
      [1, 'application/pdf'],
      [2, 'image/jpeg'],
    ]);

    const list = await desk.get(`/patients/${patient.id}/documents`);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ currentVersion: 2, contentType: 'image/jpeg' });

    const base = `/api/v1/patients/${patient.id}/documents/${first.body.id}/content`;
    expect(Buffer.compare((await download(gatewayUrl(), base, desk.token)).body, JPEG)).toBe(0);
    const v1 = await download(gatewayUrl(), `${base}?version=1`, desk.token);
    expect(v1.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(v1.body, PDF)).toBe(0);
    expect((await desk.get(`/patients/${patient.id}/documents/${first.body.id}/content?version=3`)).body.code).toBe('DOCUMENT.VERSION_NOT_FOUND');

    const replaced = await waitFor(async () => probe.envelopes().find((e) => e.type === 'document.replaced' && e.data.documentId === first.body.id), { what: 'document.replaced' });
    expect(replaced.data).toMatchObject({ version: 2, contentType: 'image/jpeg', sha256: sha256(JPEG), kind: 'signed-form' });
  });

  it('refuses a file over 10 MB with 413 and keeps the document as it was', async () => {
    const patient = await registerPatient(desk);
    const doc = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'outside-record' }, { content: PDF, filename: 'r.pdf', contentType: 'application/pdf' });
    expect(doc.status).toBe(201);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - PNG.length, 1)]);
    const tooBig = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'outside-record' }, { content: big, filename: 'big.png', contentType: 'image/png' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('DOCUMENT.TOO_LARGE');
    const tooBigVersion = await upload(desk, `/patients/${patient.id}/documents/${doc.body.id}/versions`, {}, { content: big, filename: 'big.png', contentType: 'image/png' });
    expect(tooBigVersion.status).toBe(413);

    const exactly = Buffer.concat([PNG, Buffer.alloc(MAX_DOCUMENT_BYTES - PNG.length, 1)]);
    const atLimit = await upload(desk, `/patients/${patient.id}/documents/${doc.body.id}/versions`, {}, { content: exactly, filename: 'limit.png', contentType: 'image/png' });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body).toMatchObject({ currentVersion: 2, size: MAX_DOCUMENT_BYTES, sha256: sha256(exactly) });
    const list = await desk.get(`/patients/${patient.id}/documents`);
    expect(list.body.map((d: { id: string; currentVersion: number }) => [d.id, d.currentVersion])).toEqual([[doc.body.id, 2]]);
  });

  it('shows billing coders insurance cards and signed forms, never an outside record or a letter (absent from lists, 404 by id, FHIR too)', async () => {
    const coder = await ApiClient.loginAs('billing-coder');
    const patient = await registerPatient(desk);
    const card = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'insurance-card-front' }, { content: PNG, filename: 'card.png', contentType: 'image/png' });
    const record = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'outside-record' }, { content: PDF, filename: 'cardiology.pdf', contentType: 'application/pdf' });
    expect([card.status, record.status]).toEqual([201, 201]);
    const ids = (res: { body: Array<{ id: string }> }) => res.body.map((d) => d.id).sort();
    expect(ids(await desk.get(`/patients/${patient.id}/documents`))).toEqual([card.body.id, record.body.id].sort());
    expect(ids(await coder.get(`/patients/${patient.id}/documents`))).toEqual([card.body.id]);
    expect((await coder.get(`/patients/${patient.id}/documents/${card.body.id}`)).status).toBe(200);
    expect((await coder.get(`/patients/${patient.id}/documents/${record.body.id}`)).body).toMatchObject({ status: 404, code: 'DOCUMENT.NOT_FOUND' });
    expect((await download(gatewayUrl(), `/api/v1/patients/${patient.id}/documents/${record.body.id}/content`, coder.token)).status).toBe(404);
    const fhirIds = async (client: ApiClient) => ((await client.get(`/fhir/R4/DocumentReference?patient=Patient/${patient.id}`).set('accept', 'application/fhir+json')).body.entry ?? []).map((e: { resource: { id: string } }) => e.resource.id).sort();
    expect(await fhirIds(coder)).toEqual([card.body.id]);
    expect(await fhirIds(desk)).toEqual([card.body.id, record.body.id].sort());
    expect((await coder.get(`/fhir/R4/DocumentReference/${record.body.id}`).set('accept', 'application/fhir+json')).status).toBe(404);
  });

  it("keeps another site's user out (403/404) of listing, reading, downloading, uploading and linking", async () => {
    const patient = await registerPatient(desk);
    const doc = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'letter' }, { content: PDF, filename: 'l.pdf', contentType: 'application/pdf' });
    const paths = [`/patients/${patient.id}/documents`, `/patients/${patient.id}/documents/${doc.body.id}`, `/patients/${patient.id}/documents/${doc.body.id}/content`];
    for (const path of paths) expect([403, 404]).toContain((await outsider.get(path)).status);
    expect([403, 404]).toContain((await upload(outsider, `/patients/${patient.id}/documents`, { kind: 'other' }, { content: PNG, filename: 'x.png', contentType: 'image/png' })).status);
    expect([403, 404]).toContain((await outsider.post(`/patients/${patient.id}/documents/${doc.body.id}/links`, {})).status);
    // A document of one patient is not reachable under another patient the caller may see.
    const other = await registerPatient(desk);
    expect((await desk.get(`/patients/${other.id}/documents/${doc.body.id}`)).body.code).toBe('DOCUMENT.NOT_FOUND');
  });

  it("gives the patient a link that downloads the current version without a login, and stops when it expires", async () => {
    const patient = await registerPatient(desk);
    const doc = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'letter' }, { content: PDF, filename: 'letter.pdf', contentType: 'application/pdf' });
    const link = await desk.post(`/patients/${patient.id}/documents/${doc.body.id}/links`, { expiresInSeconds: 5 });
    expect(link.status).toBe(201);
    const url = new URL(link.body.url);
    expect(url.pathname).toMatch(/^\/api\/v1\/d\/[\w-]+\.[\w-]+$/);

    const got = await download(gatewayUrl(), url.pathname);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(got.body, PDF)).toBe(0);

    const [payload, mac] = url.pathname.split('/').pop()!.split('.');
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString().replace(doc.body.id, 'another-document')).toString('base64url');
    const bad = await download(gatewayUrl(), `/api/v1/d/${forged}.${mac}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).code).toBe('DOCUMENT.LINK_INVALID');

    await waitFor(async () => Date.now() >= new Date(link.body.expiresAt).getTime(), { what: 'the link to expire', timeoutMs: 10_000 });
    const expired = await download(gatewayUrl(), url.pathname);
    expect(expired.status).toBe(410);
    expect(JSON.parse(expired.body.toString()).code).toBe('DOCUMENT.LINK_EXPIRED');
  });
});
