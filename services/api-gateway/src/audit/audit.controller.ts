import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { encodeCursor } from '@clinic-flow/audit';
import { Policies, Roles } from '@clinic-flow/auth';
import { AuditEntryDto, AuditServiceReportDto, AuditVerifyDto, PatientAccessesDto, PatientAccessesQuery, ProblemDetailsDto } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { mergeAccessPages } from './audit.rules';

/** Services that keep an audit trail of patient data (their own `audit_entries`); insurance: coverages and eligibility (issue 11); billing: encounters, claims and accounts (issue 12). */
const AUDITED = ['patient-records', 'scheduling', 'notification', 'insurance', 'billing'] as const;

/**
 * The audit trail across services. A patient's accesses: patient-records opens the patient for the
 * caller (another site's patient is a 404, merged records count as the patient) and answers its own
 * page; scheduling, notification and insurance answer theirs for the same record ids; the pages are merged
 * newest first. Verify asks every service to check its chains.
 */
@ApiTags('audit trail')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: a service holding part of the trail did not answer' })
@Controller()
export class AuditController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('patients/:id/accesses')
  @Roles(...Policies.listPatientAccesses)
  @ApiOkResponse({ type: PatientAccessesDto, description: "Who read or changed the patient's data, newest first: who, roles, sites, what, when, from where, correlation id, break-the-glass reason" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND (also for a patient of another site)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'AUDIT.CURSOR_INVALID: a well-formed cursor this service did not give out' })
  async accesses(@Param('id') id: string, @Query() query: PatientAccessesQuery): Promise<PatientAccessesDto> {
    const page = new URLSearchParams({ limit: String(query.limit + 1), ...(query.cursor ? { cursor: query.cursor } : {}) });
    const own = await this.upstream.call<{ recordIds: string[]; items: AuditEntryDto[] }>('patient-records', 'GET', `/audit/patients/${encodeURIComponent(id)}/entries?${page}`);
    page.set('patientIds', own.recordIds.join(','));
    const others = await Promise.all(
      AUDITED.filter((s) => s !== 'patient-records').map((service) => this.upstream.call<{ items: AuditEntryDto[] }>(service, 'GET', `/audit/entries?${page}`)),
    );
    const { items, more } = mergeAccessPages([own.items, ...others.map((o) => o.items)], query.limit);
    const last = items[items.length - 1];
    return { items, next: more && last ? encodeCursor({ at: last.at, id: last.id }) : undefined };
  }

  @Get('audit/verify')
  @Roles(...Policies.verifyAuditTrail)
  @ApiOkResponse({ type: AuditVerifyDto, description: 'Each chain of each service: ok, or the entries that were changed, removed or reordered' })
  async verify(): Promise<AuditVerifyDto> {
    const services = await Promise.all(AUDITED.map((service) => this.upstream.call<AuditServiceReportDto>(service, 'GET', '/audit/verify')));
    return { ok: services.every((s) => s.ok), services };
  }
}
