import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { ContentChunk, ContentChunkSchema, ContentManifest, ContentManifestSchema, DocumentRecord, DocumentSchema } from './documents.schema';

/** Content is cut into pieces this size (GridFS's default), so no write or read holds more than one. */
export const CHUNK_BYTES = 255 * 1024;

/**
 * The only code that touches the documents, document_contents and document_chunks collections.
 * A document belongs to its patient's site; its content is reached only through the document.
 */
@Injectable()
export class DocumentsRepository {
  private readonly documents: AggregateStore<DocumentRecord, 'byPatient'>;
  private readonly manifests: Model<ContentManifest>;
  private readonly chunks: Model<ContentChunk>;

  constructor(@InjectConnection() connection: Connection, stores: AggregateStores) {
    this.documents = stores.create<DocumentRecord, 'byPatient'>({
      name: 'PatientDocument',
      collection: 'documents',
      schema: DocumentSchema,
      site: (d) => d.siteId,
      lookups: { byPatient: { collection: 'documents_by_patient', field: 'documentIds', keys: (d) => [d.patientId] } },
    });
    this.manifests = connection.model<ContentManifest>('DocumentContent', ContentManifestSchema, 'document_contents');
    this.chunks = connection.model<ContentChunk>('DocumentChunk', ContentChunkSchema, 'document_chunks');
  }

  insert(scope: SiteScope, doc: Omit<DocumentRecord, 'version'>, events: OutboxEntry[]): Promise<DocumentRecord> {
    return this.documents.insert(scope, doc, events);
  }

  findById(scope: SiteScope, id: string): Promise<DocumentRecord | null> {
    return this.documents.findById(scope, id);
  }

  /** Documents kept under any of these patient record ids (a patient and the records merged into it). */
  async findByPatients(scope: SiteScope, patientIds: string[]): Promise<DocumentRecord[]> {
    const lists = await Promise.all(patientIds.map((id) => this.documents.findBy(scope, 'byPatient', id)));
    return lists.flat();
  }

  /** Read-decide-write of one document; null if there is no such document. */
  async update<R>(scope: SiteScope, id: string, decide: (current: DocumentRecord) => Decision<DocumentRecord, R>): Promise<R | undefined | null> {
    const outcome = await this.documents.update(scope, id, decide);
    return outcome && outcome.result;
  }

  /** Starts writing new content for a document: the manifest first, so a crash leaves something the sweep finds. */
  async startContent(documentId: string): Promise<ContentWriter> {
    const contentId = randomUUID();
    await this.manifests.create({ _id: contentId, documentId, chunkCount: 0, complete: false, createdAt: new Date() });
    return new ContentWriter(contentId, this.chunks, this.manifests, () => this.deleteContent(contentId));
  }

  /** The content's bytes, one chunk read (by _id) at a time. */
  async *readContent(contentId: string, chunkCount: number): AsyncGenerator<Buffer> {
    for (let n = 0; n < chunkCount; n++) {
      const chunk = await this.chunks.findById(`${contentId}:${n}`).lean<ContentChunk>();
      if (!chunk) throw new Error(`document content ${contentId} lacks chunk ${n}`);
      yield Buffer.from(chunk.data.buffer ?? chunk.data);
    }
  }

  /** Removes content and its manifest: chunks are written in order, so the first missing one ends them. */
  async deleteContent(contentId: string): Promise<void> {
    for (let n = 0; ; n++) {
      const { deletedCount } = await this.chunks.deleteOne({ _id: `${contentId}:${n}` });
      if (!deletedCount) break;
    }
    await this.manifests.deleteOne({ _id: contentId });
  }

  /** Manifests written before `before` (a scan of the small manifest collection; the sweep runs rarely). */
  manifestsOlderThan(before: Date): Promise<ContentManifest[]> {
    return this.manifests.find({ createdAt: { $lt: before } }).lean<ContentManifest[]>();
  }
}

/** Writes one upload's content in fixed-size chunks as it arrives; never holds more than one chunk. */
export class ContentWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;

  constructor(
    readonly contentId: string,
    private readonly chunks: Model<ContentChunk>,
    private readonly manifests: Model<ContentManifest>,
    readonly discard: () => Promise<void>,
  ) {}

  async write(data: Buffer): Promise<void> {
    this.pending.push(data);
    this.pendingBytes += data.length;
    while (this.pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(this.pending);
      await this.flush(all.subarray(0, CHUNK_BYTES));
      const rest = all.subarray(CHUNK_BYTES);
      this.pending = rest.length ? [Buffer.from(rest)] : [];
      this.pendingBytes = rest.length;
    }
  }

  /** Writes what is left and marks the manifest complete; returns how many chunks there are. */
  async finish(): Promise<number> {
    if (this.pendingBytes) await this.flush(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
    await this.manifests.updateOne({ _id: this.contentId }, { $set: { chunkCount: this.written, complete: true } });
    return this.written;
  }

  private async flush(data: Buffer): Promise<void> {
    await this.chunks.create({ _id: `${this.contentId}:${this.written}`, contentId: this.contentId, n: this.written, data });
    this.written += 1;
  }
}
