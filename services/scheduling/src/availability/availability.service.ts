import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope, assertSiteAccess } from '@clinic-flow/auth';
import {
  CreateExceptionRequest,
  DeleteExceptionResponse,
  ExceptionDto,
  ExceptionResponse,
  ListResponse,
  PutTemplateRequest,
  ScheduleConflictDto,
  TemplateResponse,
} from '@clinic-flow/contracts';
import { forbidden, notFound, unprocessable } from '@clinic-flow/platform';
import { CatalogRepository } from '../catalog/catalog.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { ProviderRecord, SiteRecord } from '../directory/directory.schema';
import { AvailabilityRepository } from './availability.repository';
import { ExceptionRecord, ProviderScheduleRecord, SessionRow } from './availability.schema';
import { sessionProblems } from './availability.rules';
import { ScheduleConflicts } from './schedule-conflicts';

/** Longest exception accepted in one go (a sabbatical is several). */
const MAX_EXCEPTION_DAYS = 366;
/** Exceptions that ended this long ago are dropped when the schedule is next written. */
const KEEP_PAST_EXCEPTIONS_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Weekly templates and one-off exceptions of providers. A change that would leave upcoming
 * appointments outside availability is refused (409 AVAILABILITY.CONFLICTS with the list) unless
 * the caller acknowledges it; then it is saved, and the appointments stay booked for staff to move.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly repository: AvailabilityRepository,
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly conflicts: ScheduleConflicts,
  ) {}

  async getTemplate(providerId: string, siteId: string, user: AuthUser): Promise<TemplateResponse> {
    const { site } = await this.providerAtSite(providerId, siteId, user);
    const schedule = await this.repository.findSchedule(providerId);
    return toTemplate(providerId, site, schedule, []);
  }

  async putTemplate(providerId: string, siteId: string, request: PutTemplateRequest, user: AuthUser): Promise<TemplateResponse> {
    const { site } = await this.providerAtSite(providerId, siteId, user);
    const sessions: SessionRow[] = request.sessions.map(({ weekday, start, end, appointmentTypeIds }) => ({
      weekday,
      start,
      end,
      ...(appointmentTypeIds?.length ? { appointmentTypeIds: [...new Set(appointmentTypeIds)] } : {}),
    }));
    const problems = sessionProblems(sessions);
    if (problems.length) throw unprocessable('AVAILABILITY.INVALID_SESSION', problems.join(' '));
    await this.assertTypesExist(sessions.flatMap((s) => s.appointmentTypeIds ?? []));
    return this.repository.update(providerId, async (current) => {
      const next: ProviderScheduleRecord = {
        ...current,
        templates: [...current.templates.filter((t) => t.siteId !== siteId), { siteId, sessions, updatedAt: new Date(), updatedBy: user.id }],
      };
      const found = await this.findConflicts(providerId, current, next, siteId);
      ScheduleConflicts.assertAcknowledged(found, request.acknowledgeConflicts);
      return { next, result: toTemplate(providerId, site, next, found) };
    });
  }

  async listExceptions(providerId: string, from: string | undefined, user: AuthUser): Promise<ListResponse<ExceptionDto>> {
    await this.provider(providerId, user);
    const since = from ? Date.parse(`${from}T00:00:00Z`) : Date.now() - (Date.now() % DAY_MS);
    const schedule = await this.repository.findSchedule(providerId);
    const items = (schedule?.exceptions ?? [])
      .filter((e) => e.end.getTime() >= since)
      .sort((a, b) => a.start.getTime() - b.start.getTime())
      .map((e) => toException(providerId, e));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async addException(providerId: string, request: CreateExceptionRequest, user: AuthUser): Promise<ExceptionResponse> {
    const provider = await this.provider(providerId, user);
    const start = new Date(request.start);
    const end = new Date(request.end);
    if (!(start.getTime() < end.getTime())) throw unprocessable('AVAILABILITY.INVALID_EXCEPTION', 'start must be before end.');
    if (end.getTime() - start.getTime() > MAX_EXCEPTION_DAYS * DAY_MS) {
      throw unprocessable('AVAILABILITY.INVALID_EXCEPTION', `An exception may last at most ${MAX_EXCEPTION_DAYS} days; add several.`);
    }
    if (request.kind === 'extra') {
      if (!request.siteId) throw unprocessable('AVAILABILITY.INVALID_EXCEPTION', 'An extra session needs a siteId.');
      assertSiteAccess(user, request.siteId);
      if (!provider.siteIds.includes(request.siteId)) throw unprocessable('APPOINTMENT.PROVIDER_NOT_AT_SITE', `${provider.name} does not work at ${request.siteId}.`);
      await this.assertTypesExist(request.appointmentTypeIds ?? []);
    } else if (request.siteId || request.appointmentTypeIds?.length) {
      throw unprocessable('AVAILABILITY.INVALID_EXCEPTION', 'Time off and blocked time apply at every site and to every type: no siteId or appointmentTypeIds.');
    } else {
      SiteScope.of(user).assertCoversAll(provider.siteIds, `${provider.name}'s ${request.kind}`);
    }
    const exception: ExceptionRecord = {
      id: randomUUID(),
      kind: request.kind,
      start,
      end,
      ...(request.kind === 'extra' ? { siteId: request.siteId } : {}),
      ...(request.kind === 'extra' && request.appointmentTypeIds?.length ? { appointmentTypeIds: request.appointmentTypeIds } : {}),
      reason: request.reason,
      createdBy: user.id,
      createdAt: new Date(),
    };
    return this.repository.update(providerId, async (current) => {
      const next = { ...current, exceptions: [...pruned(current.exceptions), exception] };
      const found = exception.kind === 'extra' ? [] : await this.findConflicts(providerId, current, next);
      ScheduleConflicts.assertAcknowledged(found, request.acknowledgeConflicts);
      return { next, result: { ...toException(providerId, exception), conflicts: found } };
    });
  }

  async removeException(providerId: string, exceptionId: string, acknowledgeConflicts: boolean | undefined, user: AuthUser): Promise<DeleteExceptionResponse> {
    const provider = await this.provider(providerId, user);
    return this.repository.update(providerId, async (current) => {
      const exception = current.exceptions.find((e) => e.id === exceptionId);
      if (!exception) throw notFound('AVAILABILITY.EXCEPTION_NOT_FOUND', `Provider ${providerId} has no exception ${exceptionId}.`);
      if (exception.siteId) assertSiteAccess(user, exception.siteId);
      else SiteScope.of(user).assertCoversAll(provider.siteIds, `${provider.name}'s ${exception.kind}`);
      const next = { ...current, exceptions: current.exceptions.filter((e) => e.id !== exceptionId) };
      const found = exception.kind === 'extra' ? await this.findConflicts(providerId, current, next) : [];
      ScheduleConflicts.assertAcknowledged(found, acknowledgeConflicts);
      return { next, result: { id: exceptionId, conflicts: found } };
    });
  }

  private async findConflicts(providerId: string, before: ProviderScheduleRecord, after: ProviderScheduleRecord, siteId?: string): Promise<ScheduleConflictDto[]> {
    const provider = await this.directory.findProvider(providerId);
    const sites = new Map<string, SiteRecord>();
    for (const site of await Promise.all((provider?.siteIds ?? []).map((id) => this.directory.findSite(id)))) if (site) sites.set(site._id, site);
    return this.conflicts.find({
      providerIds: [providerId],
      siteId,
      before: { schedule: () => before, site: (id) => sites.get(id) },
      after: { schedule: () => after, site: (id) => sites.get(id) },
    });
  }

  private async assertTypesExist(ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const types = await Promise.all(unique.map((id) => this.catalog.findType(id)));
    const missing = unique.filter((_, i) => !types[i]);
    if (missing.length) throw unprocessable('AVAILABILITY.UNKNOWN_TYPE', `There is no appointment type ${missing.join(', ')}.`);
  }

  private async provider(providerId: string, user: AuthUser): Promise<ProviderRecord> {
    const provider = await this.directory.findProvider(providerId);
    if (!provider) throw notFound('PROVIDER.NOT_FOUND', `There is no provider ${providerId}.`);
    if (!provider.siteIds.some((s) => user.siteIds.includes(s))) throw forbidden('AUTH.SITE_FORBIDDEN', `${provider.name} works at none of your sites.`);
    return provider;
  }

  private async providerAtSite(providerId: string, siteId: string, user: AuthUser): Promise<{ provider: ProviderRecord; site: SiteRecord }> {
    assertSiteAccess(user, siteId);
    const [provider, site] = await Promise.all([this.directory.findProvider(providerId), this.directory.findSite(siteId)]);
    if (!provider) throw notFound('PROVIDER.NOT_FOUND', `There is no provider ${providerId}.`);
    if (!site) throw notFound('SITE.NOT_FOUND', `There is no site ${siteId}.`);
    if (!provider.siteIds.includes(siteId)) throw unprocessable('APPOINTMENT.PROVIDER_NOT_AT_SITE', `${provider.name} does not work at ${site.name}.`);
    return { provider, site };
  }
}

function pruned(exceptions: ExceptionRecord[]): ExceptionRecord[] {
  const cutoff = Date.now() - KEEP_PAST_EXCEPTIONS_DAYS * DAY_MS;
  return exceptions.filter((e) => e.end.getTime() >= cutoff);
}

function toTemplate(providerId: string, site: SiteRecord, schedule: ProviderScheduleRecord | null, conflicts: ScheduleConflictDto[]): TemplateResponse {
  const template = schedule?.templates.find((t) => t.siteId === site._id);
  return {
    providerId,
    siteId: site._id,
    timeZone: site.timeZone,
    sessions: (template?.sessions ?? []).map(({ weekday, start, end, appointmentTypeIds }) => ({ weekday, start, end, ...(appointmentTypeIds?.length ? { appointmentTypeIds } : {}) })),
    ...(template ? { updatedAt: new Date(template.updatedAt).toISOString(), updatedBy: template.updatedBy } : {}),
    conflicts,
  };
}

function toException(providerId: string, e: ExceptionRecord): ExceptionDto {
  return {
    id: e.id,
    providerId,
    kind: e.kind,
    start: e.start.toISOString(),
    end: e.end.toISOString(),
    ...(e.siteId ? { siteId: e.siteId } : {}),
    ...(e.appointmentTypeIds?.length ? { appointmentTypeIds: e.appointmentTypeIds } : {}),
    reason: e.reason,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
  };
}
