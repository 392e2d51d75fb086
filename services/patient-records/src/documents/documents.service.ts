import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  DocumentAddedV1,
  DocumentContentType,
  DocumentDto,
  DocumentKind,
  DocumentLinkDto,
  DocumentReplacedV1,
  DocumentReplaceFields,
  DocumentUploadFields,
  MAX_DOCUMENT_BYTES,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, DomainError, gone, invalid, notFound, tooLarge, unsupportedMediaType } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { PatientAccess } from '../patients/patient-access';
import { ContentWriter, DocumentsRepository } from './documents.repository';
import { cleanFilename, defaultTitle, extensionOf, mayReadDocumentKind, signDocumentLink, sniffContentType, SNIFF_BYTES, verifyDocumentLink } from './documents.rules';
import { DocumentRecord, DocumentVersion } from './documents.schema';
import { IncomingFile, readHead, readUpload } from './upload.reader';

/** A version's bytes as a stream, with what a download response needs. */
export interface DocumentContent {
  document: DocumentDto;
  version: DocumentVersion;
  body: AsyncGenerator<Buffer>;
}

/** A generated document (letters): the bytes are in hand, the type is still checked against them. */
export interface GeneratedDocument {
  patientId: string;
  kind: DocumentKind;
  title: string;
  filename: string;
  contentType: 'application/pdf';
  content: Buffer;
  createdBy: string;
}

type StoredContent = Omit<DocumentVersion, 'version' | 'addedBy' | 'addedAt'>;

const current = (d: DocumentRecord): DocumentVersion => d.versions[d.versions.length - 1];

export const toDocumentDto = (d: DocumentRecord): DocumentDto => {
  const now = current(d);
  return {
    id: d._id,
    patientId: d.patientId,
    siteId: d.siteId,
    kind: d.kind,
    title: d.title,
    currentVersion: now.version,
    contentType: now.contentType,
    size: now.size,
    sha256: now.sha256,
    filename: now.filename,
    versions: d.versions.map((v) => ({
      version: v.version,
      contentType: v.contentType,
      size: v.size,
      sha256: v.sha256,
      filename: v.filename,
      addedBy: v.addedBy,
      addedAt: v.addedAt.toISOString(),
    })),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
};

/**
 * Patient documents: content is sniffed, written in chunks, and only then made visible by the
 * document write that carries its event. A failure on the way removes what was written; a crash
 * leaves a manifest the orphan sweep removes (see DocumentsSweep).
 */
@Injectable()
export class DocumentsService {
  /** Purpose-bound, so a leaked link key signs nothing else. */
  private readonly linkSecret: string;

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly access: PatientAccess,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {
    this.linkSecret = config.DOCUMENT_LINK_SECRET ?? createHmac('sha256', config.PATIENT_RECORDS_SECRET).update('document-links').digest('base64url');
  }

  /** Stores an uploaded document (multipart: kind, title?, file). */
  async upload(user: AuthUser, patientId: string, req: IncomingMessage): Promise<DocumentDto> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    const scope = opened.scope;
    const documentId = randomUUID();
    const { fields, content } = await readUpload(req, MAX_DOCUMENT_BYTES, async (file, raw) => {
      const fields = await checked(DocumentUploadFields, raw);
      return { fields, content: await this.receive(documentId, file) };
    });
    return this.add(scope, { documentId, patientId: opened.patient._id, siteId: opened.siteId, kind: fields.kind, title: fields.title ?? defaultTitle(fields.kind) }, content, user.id);
  }

  /** Adds a new version of a document (multipart: title?, file); every earlier version stays downloadable. */
  async replace(user: AuthUser, patientId: string, documentId: string, req: IncomingMessage): Promise<DocumentDto> {
    const { document, scope } = await this.find(SiteScope.of(user), patientId, documentId);
    const { fields, content } = await readUpload(req, MAX_DOCUMENT_BYTES, async (file, raw) => {
      const fields = await checked(DocumentReplaceFields, raw);
      return { fields, content: await this.receive(document._id, file) };
    });
    try {
      const updated = await this.documents.update(scope, document._id, (now) => {
        const version: DocumentVersion = { ...content, version: current(now).version + 1, addedBy: user.id, addedAt: new Date() };
        const event = this.versionEvent('replaced', now, version);
        const set = { updatedAt: version.addedAt, ...(fields.title ? { title: fields.title } : {}) };
        return { set, push: { versions: version }, events: [event], result: { ...now, ...set, versions: [...now.versions, version] } };
      });
      if (!updated) throw notFound('DOCUMENT.NOT_FOUND', `There is no document ${documentId}.`);
      return toDocumentDto(updated);
    } catch (error) {
      await this.documents.deleteContent(content.contentId);
      throw error;
    }
  }

  /** Stores a document patient-records made itself (a letter); the caller's scope must cover the patient. */
  async storeGenerated(scope: SiteScope, input: GeneratedDocument): Promise<DocumentDto> {
    const opened = await this.access.open(scope, input.patientId);
    if (input.content.length > MAX_DOCUMENT_BYTES) throw tooLarge('DOCUMENT.TOO_LARGE', `A document may be at most ${MAX_DOCUMENT_BYTES} bytes.`);
    const sniffed = await sniffContentType(input.content.subarray(0, SNIFF_BYTES));
    if (sniffed !== input.contentType) throw unsupportedMediaType('DOCUMENT.UNSUPPORTED_TYPE', `The generated content is not ${input.contentType}.`);
    const documentId = randomUUID();
    const writer = await this.documents.startContent(documentId);
    const content = await this.writeAll(writer, sniffed, cleanFilename(input.filename, `document.${extensionOf(sniffed)}`), [input.content]);
    const dto = await this.add(opened.scope, { documentId, patientId: opened.patient._id, siteId: opened.siteId, kind: input.kind, title: input.title }, content, input.createdBy);
    return dto;
  }

  /** A document and its current content in memory (at most 10 MB): for code that attaches or renders it. */
  async open(scope: SiteScope, documentId: string): Promise<{ document: DocumentDto; content: Buffer }> {
    const { entry: document } = await this.access.openEntry(scope, (lookup) => this.documents.findById(lookup, documentId), () => notFound('DOCUMENT.NOT_FOUND', `There is no document ${documentId}.`));
    const version = current(document);
    const parts: Buffer[] = [];
    for await (const part of this.documents.readContent(version.contentId, version.chunkCount)) parts.push(part);
    return { document: toDocumentDto(document), content: Buffer.concat(parts) };
  }

  async list(user: AuthUser, patientId: string): Promise<DocumentDto[]> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    const documents = (await this.documents.findByPatients(opened.scope, opened.recordIds)).filter((d) => mayReadDocumentKind(user.roles, d.kind));
    return documents.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).map(toDocumentDto);
  }

  async get(user: AuthUser, patientId: string, documentId: string): Promise<DocumentDto> {
    return toDocumentDto((await this.find(SiteScope.of(user), patientId, documentId, user)).document);
  }

  /** A document of this patient (or of a record merged into them) in the scope; 404 DOCUMENT.NOT_FOUND otherwise. */
  async getIn(scope: SiteScope, patientId: string, documentId: string): Promise<DocumentDto> {
    return toDocumentDto((await this.find(scope, patientId, documentId)).document);
  }

  /** A patient's documents with the patient they belong to (FHIR DocumentReference search). */
  async listWithOwner(user: AuthUser, patientId: string): Promise<{ patientId: string; documents: DocumentDto[] }> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    const documents = (await this.documents.findByPatients(opened.scope, opened.recordIds)).filter((d) => mayReadDocumentKind(user.roles, d.kind));
    return { patientId: opened.patient._id, documents: documents.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).map(toDocumentDto) };
  }

  /** One document by its own id with the patient it belongs to now (FHIR DocumentReference read): the caller must be able to open that patient. */
  async getWithOwner(user: AuthUser, documentId: string): Promise<{ patientId: string; document: DocumentDto }> {
    const { entry: document, opened } = await this.access.openEntry(
      SiteScope.of(user),
      (lookup) => this.documents.findById(lookup, documentId),
      () => notFound('DOCUMENT.NOT_FOUND', `There is no document ${documentId}.`),
    );
    if (!mayReadDocumentKind(user.roles, document.kind)) throw notFound('DOCUMENT.NOT_FOUND', `There is no document ${documentId}.`);
    return { patientId: opened.patient._id, document: toDocumentDto(document) };
  }

  get publicBaseUrl(): string {
    return this.config.PUBLIC_BASE_URL;
  }

  /** The bytes of one version (the current one when `version` is absent). */
  async content(user: AuthUser, patientId: string, documentId: string, version?: number): Promise<DocumentContent> {
    const { document } = await this.find(SiteScope.of(user), patientId, documentId, user);
    const chosen = version === undefined ? current(document) : document.versions.find((v) => v.version === version);
    if (!chosen) throw notFound('DOCUMENT.VERSION_NOT_FOUND', `Document ${documentId} has no version ${version}.`);
    return { document: toDocumentDto(document), version: chosen, body: this.documents.readContent(chosen.contentId, chosen.chunkCount) };
  }

  /** A link the patient opens without a login to download the document's current version, until it expires. */
  async createLink(scope: SiteScope, documentId: string, expiresInSeconds = this.config.DOCUMENT_LINK_TTL_SECONDS): Promise<DocumentLinkDto> {
    const { entry: document } = await this.access.openEntry(scope, (lookup) => this.documents.findById(lookup, documentId), () => notFound('DOCUMENT.NOT_FOUND', `There is no document ${documentId}.`));
    const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
    const token = signDocumentLink(document._id, expiresAt, this.linkSecret);
    return { url: `${this.config.PUBLIC_BASE_URL}/api/v1/d/${token}`, expiresAt: expiresAt.toISOString() };
  }

  async createLinkFor(user: AuthUser, patientId: string, documentId: string, expiresInSeconds?: number): Promise<DocumentLinkDto> {
    const { document } = await this.find(SiteScope.of(user), patientId, documentId);
    return this.createLink(SiteScope.of(user), document._id, expiresInSeconds);
  }

  /** What a patient's link downloads: the document's current version. 400 for a forged token, 410 once expired. */
  async contentByLink(token: string): Promise<DocumentContent> {
    const check = verifyDocumentLink(token, this.linkSecret, new Date());
    if (!check.ok && check.problem === 'expired') throw gone('DOCUMENT.LINK_EXPIRED', 'This download link has expired; ask the clinic for a new one.');
    if (!check.ok) throw invalid('DOCUMENT.LINK_INVALID', 'This download link is not valid.');
    const document = await this.documents.findById(SiteScope.service('document-link'), check.documentId);
    if (!document) throw gone('DOCUMENT.LINK_EXPIRED', 'This document is no longer available; ask the clinic for a new link.');
    const version = current(document);
    return { document: toDocumentDto(document), version, body: this.documents.readContent(version.contentId, version.chunkCount) };
  }

  /**
   * A document of this patient (or of a record merged into them) the caller may see: with `user`,
   * also of a kind their roles may read (a billing coder gets 404 for an outside record, as for none).
   */
  private async find(caller: SiteScope, patientId: string, documentId: string, user?: AuthUser): Promise<{ document: DocumentRecord; scope: SiteScope }> {
    const opened = await this.access.open(caller, patientId);
    // A document of another patient kept at a site outside this patient's answers as a missing one.
    const document = await this.documents.findById(opened.scope, documentId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'AUTH.SITE_FORBIDDEN') return null;
      throw error;
    });
    if (!document || !opened.recordIds.includes(document.patientId) || (user && !mayReadDocumentKind(user.roles, document.kind))) throw notFound('DOCUMENT.NOT_FOUND', `Patient ${patientId} has no document ${documentId}.`);
    return { document, scope: opened.scope };
  }

  /** Sniffs the file's first bytes, then writes it chunk by chunk; removes what it wrote when it fails. */
  private async receive(documentId: string, file: IncomingFile): Promise<StoredContent> {
    const { head, rest } = await readHead(file.stream, SNIFF_BYTES);
    if (!head.length) throw invalid('DOCUMENT.EMPTY', 'The file is empty.');
    const type = await sniffContentType(head);
    if (!type) throw unsupportedMediaType('DOCUMENT.UNSUPPORTED_TYPE', 'Only PDF, JPEG, PNG, HEIC and TIFF documents are kept (the type is read from the content).');
    const writer = await this.documents.startContent(documentId);
    const parts = (async function* () {
      yield head;
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
    })();
    const content = await this.writeAll(writer, type, cleanFilename(file.filename, `document.${extensionOf(type)}`), parts);
    if (file.stream.truncated) {
      await writer.discard();
      throw tooLarge('DOCUMENT.TOO_LARGE', `A document may be at most ${MAX_DOCUMENT_BYTES} bytes.`);
    }
    return content;
  }

  private async writeAll(writer: ContentWriter, contentType: DocumentContentType, filename: string, parts: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<StoredContent> {
    try {
      const hash = createHash('sha256');
      let size = 0;
      for await (const part of parts) {
        hash.update(part);
        size += part.length;
        await writer.write(part);
      }
      const chunkCount = await writer.finish();
      return { contentId: writer.contentId, contentType, size, sha256: hash.digest('hex'), chunkCount, filename };
    } catch (error) {
      await writer.discard().catch(() => undefined);
      throw error;
    }
  }

  /** Writes the document that makes stored content visible, with its event; removes the content if that write fails. */
  private async add(
    scope: SiteScope,
    head: { documentId: string; patientId: string; siteId: string; kind: DocumentKind; title: string },
    content: StoredContent,
    addedBy: string,
  ): Promise<DocumentDto> {
    const now = new Date();
    const version: DocumentVersion = { ...content, version: 1, addedBy, addedAt: now };
    const record = { _id: head.documentId, patientId: head.patientId, siteId: head.siteId, kind: head.kind, title: head.title, versions: [version], createdAt: now, updatedAt: now };
    try {
      return toDocumentDto(await this.documents.insert(scope, record, [this.versionEvent('added', record, version)]));
    } catch (error) {
      await this.documents.deleteContent(content.contentId);
      throw error;
    }
  }

  private versionEvent(what: 'added' | 'replaced', document: Pick<DocumentRecord, '_id' | 'patientId' | 'siteId' | 'kind'>, version: DocumentVersion) {
    return this.events.outboxEntry(what === 'added' ? DocumentAddedV1 : DocumentReplacedV1, {
      subject: document.patientId,
      siteId: document.siteId,
      data: {
        documentId: document._id,
        patientId: document.patientId,
        kind: document.kind,
        version: version.version,
        contentType: version.contentType,
        size: version.size,
        sha256: version.sha256,
        addedBy: version.addedBy,
        addedAt: version.addedAt.toISOString(),
      },
    });
  }
}

/** Form fields validated like any request body (400 REQUEST.VALIDATION_FAILED with the field errors). */
async function checked<T extends object>(type: new () => T, raw: Record<string, string>): Promise<T> {
  const value = plainToInstance(type, raw);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw invalid(
      'REQUEST.VALIDATION_FAILED',
      'The request has invalid or missing fields (send them before the file part).',
      errors.map((e) => ({ field: e.property, messages: Object.values(e.constraints ?? {}) })),
    );
  }
  return value;
}
