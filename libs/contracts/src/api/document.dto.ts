import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KINDS, DocumentContentType, DocumentKind } from '../events/document.events';

/** Largest document patient-records keeps (413 DOCUMENT.TOO_LARGE above it). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export class DocumentVersionDto {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES, description: 'Sniffed from the content' }) contentType: DocumentContentType;
  @ApiProperty({ example: 48213 }) size: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty({ example: 'card-front.jpg' }) filename: string;
  @ApiProperty() addedBy: string;
  @ApiProperty() addedAt: string;
}

/** A patient document as listed: the current version's content facts, and every version kept. */
export class DocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty({ example: 'Insurance card (front)' }) title: string;
  @ApiProperty({ example: 2, description: 'The version downloads and the list show' }) currentVersion: number;
  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES }) contentType: DocumentContentType;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty() filename: string;
  @ApiProperty({ type: [DocumentVersionDto], description: 'Oldest first' }) versions: DocumentVersionDto[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** The multipart form of an upload (documented for OpenAPI; the service parses the stream itself). */
export class UploadDocumentForm {
  @ApiProperty({ enum: DOCUMENT_KINDS, description: 'Send before the file part' }) kind: DocumentKind;
  @ApiProperty({ required: false, maxLength: 200, description: 'Defaults to the kind' }) title?: string;
  @ApiProperty({ type: 'string', format: 'binary', description: `PDF, JPEG, PNG, HEIC or TIFF, at most ${MAX_DOCUMENT_BYTES} bytes; the type is sniffed from the content` })
  file: unknown;
}

/** The multipart form of a replacement: a new version of the same document. */
export class ReplaceDocumentForm {
  @ApiProperty({ required: false, maxLength: 200, description: 'A new title; keeps the current one when absent' }) title?: string;
  @ApiProperty({ type: 'string', format: 'binary' }) file: unknown;
}

/** Validated fields of an upload's form. */
export class DocumentUploadFields {
  @IsIn(DOCUMENT_KINDS) kind: DocumentKind;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
}

export class DocumentReplaceFields {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
}

export class CreateDocumentLinkRequest {
  @ApiProperty({ required: false, default: 7 * 24 * 3600, minimum: 5, maximum: 30 * 24 * 3600, description: 'How long the link works' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(30 * 24 * 3600)
  expiresInSeconds?: number;
}

/** A link a patient opens without a login: one document (its current version at download time), until it expires. */
export class DocumentLinkDto {
  @ApiProperty({ example: 'http://localhost:3000/api/v1/d/eyJ...' }) url: string;
  @ApiProperty() expiresAt: string;
}
