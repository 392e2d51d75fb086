import { createHash } from 'node:crypto';
import { r4SchemaProblems } from '@clinic-flow/fhir/testing';
import { DocumentDto } from '@clinic-flow/contracts';
import { documentReference } from './documents.fhir';

const content = Buffer.from('%PDF-1.4 test');
const sha256 = createHash('sha256').update(content).digest('hex');
const version = (n: number, addedAt: string) => ({ version: n, contentType: 'application/pdf' as const, size: content.length, sha256, filename: 'card.pdf', addedBy: 'u1', addedAt });
const document: DocumentDto = {
  id: 'doc-1',
  patientId: 'pat-merged',
  siteId: 'site-downtown',
  kind: 'insurance-card-front',
  title: 'Insurance card (front)',
  currentVersion: 2,
  contentType: 'application/pdf',
  size: content.length,
  sha256,
  filename: 'card.pdf',
  versions: [version(1, '2026-11-01T10:00:00.000Z'), version(2, '2026-11-20T10:00:00.000Z')],
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
};

describe('a patient document as a FHIR R4 DocumentReference', () => {
  it('is valid R4 about the patient it belongs to now, its attachment the current version at the content route', () => {
    const resource = documentReference(document, 'pat-survivor', 'https://clinic.example');
    expect(r4SchemaProblems(resource)).toEqual([]);
    expect(resource).toMatchObject({
      meta: { versionId: '2' },
      subject: { reference: 'Patient/pat-survivor' },
      type: { coding: [{ system: 'urn:clinic-flow:document-kind', code: 'insurance-card-front' }] },
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            size: content.length,
            title: 'Insurance card (front)',
            creation: '2026-11-20T10:00:00.000Z',
            url: 'https://clinic.example/api/v1/patients/pat-survivor/documents/doc-1/content',
            // The SHA-256 as FHIR gives hashes (base64), in our extension: R4's hash is a SHA-1.
            extension: [{ url: 'urn:clinic-flow:attachment-sha256', valueBase64Binary: createHash('sha256').update(content).digest('base64') }],
          },
        },
      ],
    });
    expect(resource.content[0].attachment.hash).toBeUndefined();
  });
});
