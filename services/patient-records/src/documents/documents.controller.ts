import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExcludeController,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import {
  CreateDocumentLinkRequest,
  DocumentDto,
  DocumentLinkDto,
  ProblemDetailsDto,
  ReplaceDocumentForm,
  UploadDocumentForm,
} from '@clinic-flow/contracts';
import { Public } from '@clinic-flow/platform';
import { contentDisposition } from './documents.rules';
import { DocumentContent, DocumentsService } from './documents.service';
import { auditContext, AuditPatientData } from '@clinic-flow/audit';

/** Sends one version's bytes as a download; the browser is told not to guess another type. */
async function sendContent(res: Response, { version }: DocumentContent, body: AsyncGenerator<Buffer>): Promise<void> {
  res.status(200);
  res.setHeader('content-type', version.contentType);
  res.setHeader('content-length', String(version.size));
  res.setHeader('content-disposition', contentDisposition(version.filename));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'private, no-store');
  await pipeline(Readable.from(body), res);
}

@ApiTags('patient documents')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('patients/:patientId/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles(...Policies.managePatientDocuments)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentForm })
  @ApiCreatedResponse({ type: DocumentDto, description: 'Stored; document.added published. The content type is the sniffed one.' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED, DOCUMENT.FILE_REQUIRED, DOCUMENT.MULTIPART_REQUIRED, DOCUMENT.EMPTY' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  @ApiPayloadTooLargeResponse({ type: ProblemDetailsDto, description: 'DOCUMENT.TOO_LARGE (over 10 MB)' })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDetailsDto, description: 'DOCUMENT.UNSUPPORTED_TYPE (not PDF, JPEG, PNG, HEIC or TIFF by its content)' })
  upload(@Param('patientId') patientId: string, @Req() req: Request, @CurrentUser() user: AuthUser) {
    return this.documents.upload(user, patientId, req);
  }

  @Get()
  @Roles(...Policies.readPatientDocuments)
  @ApiOkResponse({ type: DocumentDto, isArray: true, description: 'Newest change first; each shows its current version' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    return this.documents.list(user, patientId);
  }

  @Get(':documentId')
  @Roles(...Policies.readPatientDocuments)
  @ApiOkResponse({ type: DocumentDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, DOCUMENT.NOT_FOUND' })
  get(@Param('patientId') patientId: string, @Param('documentId') documentId: string, @CurrentUser() user: AuthUser) {
    return this.documents.get(user, patientId, documentId);
  }

  @Get(':documentId/content')
  @Roles(...Policies.readPatientDocuments)
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/tiff')
  @ApiQuery({ name: 'version', required: false, schema: { type: 'integer' }, description: 'An earlier version; the current one when absent' })
  @ApiOkResponse({ description: 'The bytes, with the sniffed Content-Type and the file name in Content-Disposition' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, DOCUMENT.NOT_FOUND, DOCUMENT.VERSION_NOT_FOUND' })
  async download(
    @Param('patientId') patientId: string,
    @Param('documentId') documentId: string,
    @Query('version', new ParseIntPipe({ optional: true })) version: number | undefined,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const content = await this.documents.content(user, patientId, documentId, version);
    // The bytes stream out below: the audit entry is written first (503 AUDIT.UNAVAILABLE if it cannot be).
    await auditContext.recordBeforeSending();
    await sendContent(res, content, content.body);
  }

  @Post(':documentId/versions')
  @Roles(...Policies.managePatientDocuments)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ReplaceDocumentForm })
  @ApiCreatedResponse({ type: DocumentDto, description: 'The new version is current; earlier ones stay downloadable; document.replaced published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, DOCUMENT.NOT_FOUND' })
  @ApiPayloadTooLargeResponse({ type: ProblemDetailsDto, description: 'DOCUMENT.TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDetailsDto, description: 'DOCUMENT.UNSUPPORTED_TYPE' })
  replace(@Param('patientId') patientId: string, @Param('documentId') documentId: string, @Req() req: Request, @CurrentUser() user: AuthUser) {
    return this.documents.replace(user, patientId, documentId, req);
  }

  @Post(':documentId/links')
  @Roles(...Policies.managePatientDocuments)
  @ApiCreatedResponse({ type: DocumentLinkDto, description: 'A link the patient opens without a login (GET /api/v1/d/{token}), until it expires' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, DOCUMENT.NOT_FOUND' })
  link(@Param('patientId') patientId: string, @Param('documentId') documentId: string, @Body() body: CreateDocumentLinkRequest, @CurrentUser() user: AuthUser) {
    return this.documents.createLinkFor(user, patientId, documentId, body.expiresInSeconds);
  }
}

/**
 * A patient's download link. Public (the signed token is the credential) and reached only through
 * the gateway's /d/{token}, so it stays out of the OpenAPI document and the gateway's route table.
 */
@ApiExcludeController()
@AuditPatientData({ via: 'document-link' })
@Controller('document-links')
export class DocumentLinksController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':token')
  @Public()
  @ApiGoneResponse({ type: ProblemDetailsDto })
  async download(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const content = await this.documents.contentByLink(token);
    auditContext.notePatient(content.document.patientId);
    await auditContext.recordBeforeSending();
    await sendContent(res, content, content.body);
  }
}
