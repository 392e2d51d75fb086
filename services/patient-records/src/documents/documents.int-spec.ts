import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { MAX_DOCUMENT_BYTES } from '@clinic-flow/contracts';
import { DomainError, loadConfig, MONGO_CONNECTION } from '@clinic-flow/platform';
import { testDataKeys, testInfraEnv, testTokenKeys } from '@clinic-flow/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { PatientsService } from '../patients/patients.service';
import { CHUNK_BYTES, DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { DocumentsSweep } from './documents.sweep';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A multipart request as the HTTP server hands it over, streamed in 64 KB pieces. */
function multipart(fields: Record<string, string>, file: Buffer, filename = 'f.bin'): IncomingMessage {
  const boundary = `----it${randomUUID()}`;
  const head = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
  const body = Buffer.concat([
    Buffer.from(`${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
  req.headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  (async () => {
    for (let at = 0; at < body.length; at += 65536) {
      if (!req.write(body.subarray(at, at + 65536))) await new Promise((r) => req.once('drain', r));
    }
    req.end();
  })();
  return req;
}

/**
 * Document storage on the real FerretDB: an upload refused on the way (too large, wrong type)
 * leaves no chunk or manifest behind, content a crash left unnamed is swept, and generated
 * documents round-trip through storeGenerated/open.
 */
describe('documents storage (real database)', () => {
  const run = randomUUID().slice(0, 8);
  let app: INestApplication;
  let documents: DocumentsService;
  let connection: Connection;
  let patientId: string;
  const user: AuthUser = { id: 'it-user', email: 'it@demo.clinic', name: 'IT', roles: ['receptionist'], siteIds: ['site-downtown'] };
  const stored = async () => ({
    manifests: await connection.collection('document_contents').countDocuments(),
    chunks: await connection.collection('document_chunks').countDocuments(),
  });

  beforeAll(async () => {
    const env = testInfraEnv();
    const config = loadConfig(configSchema, {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      MONGO_URL: env.MONGO_URL,
      REDIS_URL: env.REDIS_URL,
      MONGO_DB: `it_patient_records_docs_${run}`,
      ...testTokenKeys(),
      ...testDataKeys(),
      PATIENT_RECORDS_SECRET: randomBytes(32).toString('base64url'),
      ICD10CM_PATH: env.ICD10CM_PATH,
      LOG_LEVEL: 'silent',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    documents = app.get(DocumentsService);
    connection = app.get(MONGO_CONNECTION);
    const patient = await app.get(PatientsService).register({ firstName: 'Doc', lastName: 'Storage', dateOfBirth: '1990-01-02', email: `docs-${run}@example.com`, preferredChannel: 'email' }, user);
    patientId = patient.id;
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await app?.close();
  });

  it('stores content in chunks of 255 KB and reads it back whole', async () => {
    const content = Buffer.concat([PNG, Buffer.alloc(CHUNK_BYTES * 2 + 10, 3)]);
    const before = await stored();
    const doc = await documents.upload(user, patientId, multipart({ kind: 'outside-record' }, content, 'scan.png'));
    expect(doc).toMatchObject({ contentType: 'image/png', size: content.length, currentVersion: 1 });
    expect(await stored()).toEqual({ manifests: before.manifests + 1, chunks: before.chunks + 3 });
    const { content: read } = await documents.open(SiteScope.of(user), doc.id);
    expect(Buffer.compare(read, content)).toBe(0);
  });

  it('leaves nothing behind when an upload is refused as too large or of a type not kept', async () => {
    const before = await stored();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - PNG.length, 1)]);
    const tooLarge = await documents.upload(user, patientId, multipart({ kind: 'other' }, big)).catch((e: DomainError) => e);
    expect(tooLarge).toMatchObject({ kind: 'too-large', code: 'DOCUMENT.TOO_LARGE' });
    const text = await documents.upload(user, patientId, multipart({ kind: 'other' }, Buffer.from('hello, not a pdf\n'.repeat(400)))).catch((e: DomainError) => e);
    expect(text).toMatchObject({ kind: 'unsupported-media-type', code: 'DOCUMENT.UNSUPPORTED_TYPE' });
    expect(await stored()).toEqual(before);
    expect((await documents.list(user, patientId)).map((d) => d.kind)).not.toContain('other');
  });

  it('sweeps content a crash left before its document was written, and nothing a document names', async () => {
    const kept = await documents.upload(user, patientId, multipart({ kind: 'letter' }, PDF, 'kept.pdf'));
    // A crash between the chunks and the document write: content no document names.
    const writer = await app.get(DocumentsRepository).startContent(randomUUID());
    await writer.write(Buffer.alloc(CHUNK_BYTES + 1, 9));
    const before = await stored();
    expect(await app.get(DocumentsSweep).sweep(0)).toBe(1);
    expect(await stored()).toEqual({ manifests: before.manifests - 1, chunks: before.chunks - 1 });
    expect(await app.get(DocumentsSweep).sweep(0)).toBe(0);
    expect(Buffer.compare((await documents.open(SiteScope.of(user), kept.id)).content, PDF)).toBe(0);
  });

  it('stores generated PDFs for letters (storeGenerated / open) and refuses content that is not what it claims', async () => {
    const scope = SiteScope.of(user);
    const letter = await documents.storeGenerated(scope, { patientId, kind: 'referral-letter', title: 'Referral to cardiology', filename: 'referral.pdf', contentType: 'application/pdf', content: PDF, createdBy: user.id });
    expect(letter).toMatchObject({ kind: 'referral-letter', title: 'Referral to cardiology', contentType: 'application/pdf', size: PDF.length, versions: [{ addedBy: user.id }] });
    const opened = await documents.open(scope, letter.id);
    expect(opened.document.id).toBe(letter.id);
    expect(Buffer.compare(opened.content, PDF)).toBe(0);
    await expect(documents.storeGenerated(scope, { patientId, kind: 'letter', title: 'x', filename: 'x.pdf', contentType: 'application/pdf', content: PNG, createdBy: user.id })).rejects.toMatchObject({ code: 'DOCUMENT.UNSUPPORTED_TYPE' });
    const riverside = SiteScope.of({ id: 'other', siteIds: ['site-riverside'] });
    await expect(documents.open(riverside, letter.id)).rejects.toMatchObject({ code: 'DOCUMENT.NOT_FOUND' });
  });
});
