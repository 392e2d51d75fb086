import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { KeyRotation, Sealer, SweepCounts } from '@clinic-flow/crypto';
import { AggregateStore, AggregateStores, Decision, DocumentLocks, OutboxEntry } from '@clinic-flow/messaging';
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

  constructor(
    @InjectConnection() connection: Connection,
    stores: AggregateStores,
    private readonly sealer: Sealer,
    private readonly locks: DocumentLocks,
    rotation: KeyRotation,
  ) {
    this.documents = stores.create<DocumentRecord, 'byPatient'>({
      name: 'PatientDocument',
      collection: 'documents',
      schema: DocumentSchema,
      site: (d) => d.siteId,
      lookups: { byPatient: { collection: 'documents_by_patient', field: 'documentIds', keys: (d) => [d.patientId] } },
      // Titles and versions (file names): sealed; the content is sealed chunk by chunk below.
      sealed: ['title', 'versions'],
    });
    this.manifests = connection.model<ContentManifest>('DocumentContent', ContentManifestSchema, 'document_contents');
    this.chunks = connection.model<ContentChunk>('DocumentChunk', ContentChunkSchema, 'document_chunks');
    rotation.register({ name: 'document_chunks', sweep: (keyId, progress) => this.resealChunks(keyId, progress) });
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
    return new ContentWriter(contentId, this.chunks, this.manifests, this.sealer, () => this.deleteContent(contentId));
  }

  /** The content's bytes, one chunk read (by _id) at a time. */
  async *readContent(contentId: string, chunkCount: number): AsyncGenerator<Buffer> {
    for (let n = 0; n < chunkCount; n++) {
      const chunk = await this.chunks.findById(`${contentId}:${n}`).lean<ContentChunk>();
      if (!chunk) throw new Error(`document content ${contentId} lacks chunk ${n}`);
      const data = Buffer.from(chunk.data.buffer ?? chunk.data);
      yield chunk.k ? await this.sealer.openBytes(chunk.k, data, chunkAad(chunk._id)) : data;
    }
  }

  /** One rotation pass over the chunks: each one not under `keyId` is re-sealed (guarded by the key it was read under). */
  private async resealChunks(keyId: string, progress: (counts: SweepCounts) => void): Promise<SweepCounts> {
    const counts: SweepCounts = { scanned: 0, resealed: 0, remaining: 0 };
    const cursor = this.chunks.find({}, { _id: 1, k: 1 }).batchSize(500).lean<Array<Pick<ContentChunk, '_id' | 'k'>>>().cursor();
    for await (const { _id, k } of cursor) {
      counts.scanned++;
      if (counts.scanned % 200 === 0) progress({ ...counts });
      if (k === keyId) continue;
      const written = await this.locks.forDocument(this.chunks, _id, async () => {
        const chunk = await this.chunks.findById(_id).lean<ContentChunk>();
        if (!chunk || chunk.k === keyId) return true;
        const plain = Buffer.from(chunk.data.buffer ?? chunk.data);
        const opened = chunk.k ? await this.sealer.openBytes(chunk.k, plain, chunkAad(_id)) : plain;
        const sealed = await this.sealer.sealBytes(opened, chunkAad(_id));
        const result = await this.chunks.updateOne({ _id, k: chunk.k ?? { $exists: false } }, { $set: { data: sealed.data, k: sealed.keyId } });
        return result.modifiedCount === 1;
      });
      if (written) counts.resealed++;
      else counts.remaining++;
    }
    return counts;
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
    private readonly sealer: Sealer,
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
    const _id = `${this.contentId}:${this.written}`;
    const sealed = await this.sealer.sealBytes(data, chunkAad(_id));
    await this.chunks.create({ _id, contentId: this.contentId, n: this.written, data: sealed.data, k: sealed.keyId });
    this.written += 1;
  }
}

/** A chunk's associated data: its _id names the content and the chunk's place in it. */
function chunkAad(chunkId: string): string {
  return `document_chunks/${chunkId}`;
}
