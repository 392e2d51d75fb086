import { Schema } from 'mongoose';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KINDS, DocumentContentType, DocumentKind } from '@clinic-flow/contracts';

/** One stored version of a document: its content lives in document_chunks under `contentId`. */
export interface DocumentVersion {
  version: number;
  contentId: string;
  contentType: DocumentContentType;
  size: number;
  sha256: string;
  chunkCount: number;
  filename: string;
  addedBy: string;
  addedAt: Date;
}

/** A patient document and every version of it; the last version is the current one. */
export interface DocumentRecord {
  _id: string;
  version: number;
  patientId: string;
  siteId: string;
  kind: DocumentKind;
  title: string;
  versions: DocumentVersion[];
  createdAt: Date;
  updatedAt: Date;
}

const VersionSchema = new Schema<DocumentVersion>(
  {
    version: { type: Number, required: true },
    contentId: { type: String, required: true },
    contentType: { type: String, enum: DOCUMENT_CONTENT_TYPES, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    chunkCount: { type: Number, required: true },
    filename: { type: String, required: true },
    addedBy: { type: String, required: true },
    addedAt: { type: Date, required: true },
  },
  { _id: false, versionKey: false },
);

export const DocumentSchema = new Schema<DocumentRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    kind: { type: String, enum: DOCUMENT_KINDS, required: true },
    title: { type: String, required: true },
    versions: { type: [VersionSchema], required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * What was written of one upload, created before its first chunk: a crash before the document
 * names this content leaves a manifest the orphan sweep finds (chunks have no index to scan by).
 */
export interface ContentManifest {
  _id: string;
  documentId: string;
  chunkCount: number;
  complete: boolean;
  createdAt: Date;
}

export const ContentManifestSchema = new Schema<ContentManifest>(
  {
    _id: String,
    documentId: { type: String, required: true },
    chunkCount: { type: Number, required: true },
    complete: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * A piece of content, `_id` = `<contentId>:<n>`, so every read is by _id (FerretDB indexes nothing else).
 * `data` is sealed (AES-256-GCM, bound to the chunk's _id, so chunks cannot be swapped or
 * reordered) under the data key `k`; a chunk without `k` was written before content was sealed.
 */
export interface ContentChunk {
  _id: string;
  contentId: string;
  n: number;
  data: Buffer;
  k?: string;
}

export const ContentChunkSchema = new Schema<ContentChunk>(
  {
    _id: String,
    contentId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
    k: String,
  },
  { versionKey: false },
);
