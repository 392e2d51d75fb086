/*
 * A patient document as a FHIR R4 DocumentReference (pure mapping, typed by @medplum/fhirtypes).
 * The attachment points at the document's content route through the gateway (the caller's token
 * opens it, same roles and scope as the read). R4's `Attachment.hash` is a SHA-1; we keep the
 * SHA-256 of the content, so it goes in an extension instead of a hash a client would check wrongly.
 */
import type { DocumentReference } from '@medplum/fhirtypes';
import { DocumentDto } from '@clinic-flow/contracts';

/** The code system of our document kinds (insurance-card-front, letter, ...). */
export const DOCUMENT_KIND_SYSTEM = 'urn:clinic-flow:document-kind';
/** Extension on the attachment: the SHA-256 of the content, base64 (as FHIR gives hashes). */
export const SHA256_EXTENSION = 'urn:clinic-flow:attachment-sha256';

/** `subjectId` is the patient the document belongs to now (the survivor when it was kept under a record merged into them). */
export function documentReference(d: DocumentDto, subjectId: string, publicBaseUrl: string): DocumentReference {
  const current = d.versions.find((v) => v.version === d.currentVersion) ?? d.versions[d.versions.length - 1];
  return {
    resourceType: 'DocumentReference',
    id: d.id,
    meta: { versionId: String(d.currentVersion), lastUpdated: d.updatedAt },
    status: 'current',
    type: { coding: [{ system: DOCUMENT_KIND_SYSTEM, code: d.kind }], text: d.kind },
    subject: { reference: `Patient/${subjectId}` },
    date: d.updatedAt,
    description: d.title,
    content: [
      {
        attachment: {
          extension: [{ url: SHA256_EXTENSION, valueBase64Binary: Buffer.from(d.sha256, 'hex').toString('base64') }],
          contentType: d.contentType,
          url: `${publicBaseUrl}/api/v1/patients/${subjectId}/documents/${d.id}/content`,
          size: d.size,
          title: d.title,
          creation: current?.addedAt ?? d.createdAt,
        },
      },
    ],
  };
}
