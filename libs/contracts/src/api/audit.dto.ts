import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Paging of a patient's accesses: newest first, `limit` per page, `cursor` from the previous page's `next`. */
export class PatientAccessesQuery {
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiProperty({ required: false, description: "The previous page's `next` (base64url). One this service did not give out is 422 AUDIT.CURSOR_INVALID", pattern: '^[A-Za-z0-9_-]+$', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor from a previous page (base64url)' })
  @MaxLength(2000)
  cursor?: string;
}

export class AuditActorDto {
  @ApiProperty({ nullable: true, type: String, description: 'The staff account; null for a patient using a signed link' }) userId: string | null;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String], description: 'The sites the user worked at when acting' }) siteIds: string[];
  @ApiProperty({ required: false, example: 'document-link', description: 'How an actor without an account got in' }) via?: string;
}

export class AuditOperationDto {
  @ApiProperty({ example: 'GET' }) method: string;
  @ApiProperty({ example: '/patients/:id', description: "The route's template (ids in `params`)" }) route: string;
  @ApiProperty({ example: 'PatientsController.get' }) operationId: string;
  @ApiProperty({ enum: ['read', 'write'] }) access: 'read' | 'write';
}

export class AuditBreakGlassDto {
  @ApiProperty() patientId: string;
  @ApiProperty() reason: string;
  @ApiProperty() at: string;
}

/** One entry of the audit trail, as an office manager sees it in a patient's accesses. */
export class AuditEntryDto {
  @ApiProperty({ example: 'patient-records:host-1:000000000042' }) id: string;
  @ApiProperty({ example: 'patient-records' }) service: string;
  @ApiProperty() chainId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['attempt', 'completed'], description: '`attempt`: written before a write ran; `completed`: with its outcome' }) phase: 'attempt' | 'completed';
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ type: [String] }) patientIds: string[];
  @ApiProperty({ type: AuditOperationDto }) operation: AuditOperationDto;
  @ApiProperty({ required: false, description: 'HTTP status of the answer (completed entries)' }) status?: number;
  @ApiProperty({ description: 'Client address (as the gateway saw it) and user agent', type: 'object', properties: { ip: { type: 'string' }, userAgent: { type: 'string' } } })
  client: { ip?: string; userAgent?: string };
  @ApiProperty() correlationId: string;
  @ApiProperty({ required: false, type: [AuditBreakGlassDto] }) breakGlass?: AuditBreakGlassDto[];
  @ApiProperty({ required: false, type: Object, additionalProperties: { type: 'string' }, description: 'Path parameters (ids)' }) params?: Record<string, string>;
}

export class PatientAccessesDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first, merged across services' }) items: AuditEntryDto[];
  @ApiProperty({ required: false, description: 'Cursor of the next page; absent on the last' }) next?: string;
}

export class AuditChainProblemDto {
  @ApiProperty({ enum: ['changed', 'removed', 'reordered', 'broken-link', 'duplicate'] }) problem: string;
  @ApiProperty() seq: number;
  @ApiProperty() id: string;
  @ApiProperty() detail: string;
}

export class AuditChainReportDto {
  @ApiProperty() chainId: string;
  @ApiProperty() entries: number;
  @ApiProperty() ok: boolean;
  @ApiProperty({ nullable: true, type: 'object', properties: { seq: { type: 'integer' }, hash: { type: 'string' }, at: { type: 'string' } } })
  head: { seq: number; hash: string; at: string } | null;
  @ApiProperty({ type: [AuditChainProblemDto] }) problems: AuditChainProblemDto[];
}

export class AuditServiceReportDto {
  @ApiProperty() service: string;
  @ApiProperty() collection: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [AuditChainReportDto] }) chains: AuditChainReportDto[];
}

export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [AuditServiceReportDto] }) services: AuditServiceReportDto[];
}
