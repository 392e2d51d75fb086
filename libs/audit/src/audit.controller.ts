import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Policies, Roles } from '@clinic-flow/auth';
import { AuditEntryDto } from '@clinic-flow/contracts';
import type { AuditEntry } from './chain';
import { AuditReader, decodeCursor, encodeCursor } from './audit.reader';

/**
 * A page of a service's entries as the gateway asks for it: one more than the public page (up to
 * 200), so the merge knows whether anything is left.
 */
export class AuditPageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(201)
  limit = 50;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

export class AuditEntriesQuery extends AuditPageQuery {
  /** Comma-separated patient ids (a patient and the records merged into it). */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  @Type(() => String)
  patientIds: string[];
}

/** An entry as listings show it (the chain's hashes stay out: `GET /audit/verify` checks them). */
export function toAuditEntryDto(entry: AuditEntry): AuditEntryDto {
  const { _id, hash: _hash, prevHash: _prev, attemptSeq: _attempt, ...rest } = entry;
  return { id: _id, ...rest };
}

/** One page of the entries naming `patientIds`, newest first, with the cursor of the next. */
export async function auditPage(reader: AuditReader, patientIds: string[], query: AuditPageQuery): Promise<{ items: AuditEntryDto[]; next?: string }> {
  const entries = await reader.byPatients(patientIds, query.limit + 1, decodeCursor(query.cursor));
  const page = entries.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toAuditEntryDto), next: entries.length > query.limit && last ? encodeCursor({ at: last.at, id: last._id }) : undefined };
}

/**
 * The service's own audit entries, for the gateway (internal: not in the service's public
 * document, so the gateway does not forward them). The gateway asks here only after
 * patient-records has opened the patient for the caller (site scope), and merges the pages of
 * every service by time. Verify checks every chain of this service.
 */
@ApiExcludeController()
@Controller('audit')
export class AuditController {
  constructor(private readonly reader: AuditReader) {}

  @Get('entries')
  @Roles(...Policies.listPatientAccesses)
  entries(@Query() query: AuditEntriesQuery) {
    return auditPage(this.reader, query.patientIds, query);
  }

  @Get('verify')
  @Roles(...Policies.verifyAuditTrail)
  verify() {
    return this.reader.verify();
  }
}
