import request from 'supertest';
import { ApiClient } from '@clinic-flow/testing';

/** A real 1x1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A minimal one-page PDF. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The start of a JPEG (SOI, APP0 JFIF) followed by filler: a JPEG by its content. */
export const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(2000, 7), Buffer.from('ffd9', 'hex')]);

/** POSTs a multipart upload (fields first, then the file) as the client. */
export function upload(api: ApiClient, path: string, fields: Record<string, string>, file: { content: Buffer; filename: string; contentType: string }) {
  const req = request(api.baseUrl).post(`/api/v1${path}`).set('authorization', `Bearer ${api.token}`);
  for (const [name, value] of Object.entries(fields)) req.field(name, value);
  return req.attach('file', file.content, { filename: file.filename, contentType: file.contentType });
}

/** GETs bytes as they came (supertest would otherwise parse or drop a binary body). */
export function download(baseUrl: string, path: string, token?: string) {
  const req = request(baseUrl).get(path);
  if (token) req.set('authorization', `Bearer ${token}`);
  return req.buffer(true).parse((res, done) => {
    const parts: Buffer[] = [];
    res.on('data', (part: Buffer) => parts.push(part));
    res.on('end', () => done(null, Buffer.concat(parts)));
  });
}
