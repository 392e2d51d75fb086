import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, assertSiteAccess, SiteScope } from '@clinic-flow/auth';
import {
  CreateProviderRequest,
  CreateRoomRequest,
  ListResponse,
  ProviderDto,
  RoomDto,
  ScheduleConflictDto,
  SiteDto,
  SiteHoursResponse,
  UpdateProviderRequest,
  UpdateProviderResponse,
  UpdateSiteHoursRequest,
} from '@clinic-flow/contracts';
import { conflict, forbidden, notFound, unprocessable } from '@clinic-flow/platform';
import { minutesOf } from '../availability/availability.rules';
import { AvailabilityRepository } from '../availability/availability.repository';
import { ScheduleConflicts } from '../availability/schedule-conflicts';
import { DirectoryRepository } from './directory.repository';
import { ProviderRecord, RoomRecord, SiteRecord } from './directory.schema';

export const toSiteDto = (s: SiteRecord): SiteDto => ({ id: s._id, name: s.name, timeZone: s.timeZone, address: s.address, phone: s.phone });
export const toProviderDto = (p: ProviderRecord): ProviderDto => ({
  id: p._id,
  name: p.name,
  role: p.role,
  specialty: p.specialty,
  siteIds: p.siteIds,
  active: p.active,
  ...(p.virtual ? { virtual: true } : {}),
});
const toRoomDto = (r: RoomRecord): RoomDto => ({ id: r._id, siteId: r.siteId, name: r.name, kind: r.kind, active: r.active !== false });

/** Sites (with their hours), providers and rooms of the network, limited to the caller's sites. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly repository: DirectoryRepository,
    private readonly availability: AvailabilityRepository,
    private readonly conflicts: ScheduleConflicts,
  ) {}

  async listSites(user: AuthUser): Promise<ListResponse<SiteDto>> {
    const sites = await this.repository.findSites(user.siteIds);
    return { items: sites.map(toSiteDto), total: sites.length, limit: sites.length, offset: 0 };
  }

  async getHours(siteId: string, user: AuthUser): Promise<SiteHoursResponse> {
    const site = await this.site(siteId, user);
    return toHours(site, []);
  }

  /** Replaces a site's opening hours and closures; refused with the list of appointments it would strand unless acknowledged. */
  async putHours(siteId: string, request: UpdateSiteHoursRequest, user: AuthUser): Promise<SiteHoursResponse> {
    const site = await this.site(siteId, user);
    for (const row of request.openingHours) {
      if (minutesOf(row.open) >= minutesOf(row.close)) throw unprocessable('SITE.INVALID_HOURS', `Opening hours on weekday ${row.weekday} must open before they close.`);
    }
    const hours = { openingHours: request.openingHours.map(({ weekday, open, close }) => ({ weekday, open, close })), closures: request.closures.map(({ date, reason }) => ({ date, reason })) };
    const providers = await this.repository.providersAt(siteId);
    const schedules = new Map(await Promise.all(providers.map(async (p) => [p._id, await this.availability.findSchedule(p._id)] as const)));
    const after = { ...site, ...hours };
    const found = await this.conflicts.find({
      providerIds: providers.map((p) => p._id),
      siteId,
      before: { schedule: (id) => schedules.get(id), site: () => site },
      after: { schedule: (id) => schedules.get(id), site: () => after },
    });
    ScheduleConflicts.assertAcknowledged(found, request.acknowledgeConflicts);
    const saved = await this.repository.updateSiteHours(SiteScope.of(user), siteId, hours);
    if (!saved) throw notFound('SITE.NOT_FOUND', `There is no site ${siteId}.`);
    return toHours(saved, found);
  }

  async listProviders(user: AuthUser, query: { siteId?: string; limit: number; offset: number }): Promise<ListResponse<ProviderDto>> {
    if (query.siteId) assertSiteAccess(user, query.siteId);
    const { items, total } = await this.repository.findProviders(query.siteId ? [query.siteId] : user.siteIds, query);
    return { items: items.map(toProviderDto), total, limit: query.limit, offset: query.offset };
  }

  async getProvider(id: string, user: AuthUser): Promise<ProviderDto> {
    return toProviderDto(await this.provider(id, user));
  }

  async createProvider(request: CreateProviderRequest, user: AuthUser): Promise<ProviderDto> {
    await this.assertSites(request.siteIds, user);
    const provider: ProviderRecord = {
      _id: request.id ?? `prov-${randomUUID()}`,
      name: request.name,
      role: request.role,
      specialty: request.specialty,
      siteIds: [...new Set(request.siteIds)],
      active: true,
      ...(request.virtual ? { virtual: true } : {}),
    };
    if (!(await this.repository.insertProvider(provider))) throw conflict('PROVIDER.EXISTS', `There is already a provider ${provider._id}.`);
    return toProviderDto(provider);
  }

  /**
   * Changes a provider. Leaving a site (or being deactivated) strands the upcoming appointments
   * there: refused with their list (409 AVAILABILITY.CONFLICTS) unless acknowledged, like a
   * template change; acknowledged, they stay booked and are listed.
   */
  async updateProvider(id: string, request: UpdateProviderRequest, user: AuthUser): Promise<UpdateProviderResponse> {
    const current = await this.provider(id, user);
    if (request.siteIds) await this.assertSites(request.siteIds, user);
    const { acknowledgeConflicts, ...changes } = request;
    const left = request.active === false ? current.siteIds : request.siteIds ? current.siteIds.filter((s) => !request.siteIds!.includes(s)) : [];
    for (const siteId of left) assertSiteAccess(user, siteId);
    const found = left.length ? await this.strandedBy(current, left) : [];
    ScheduleConflicts.assertAcknowledged(found, acknowledgeConflicts);
    const set = Object.fromEntries(Object.entries({ ...changes, siteIds: changes.siteIds && [...new Set(changes.siteIds)] }).filter(([, v]) => v !== undefined));
    const updated = await this.repository.updateProvider(id, set);
    if (!updated) throw notFound('PROVIDER.NOT_FOUND', `There is no provider ${id}.`);
    return { ...toProviderDto(updated), conflicts: found };
  }

  /** Upcoming appointments of the provider at sites it leaves: no availability is left for them there. */
  private async strandedBy(provider: ProviderRecord, leftSiteIds: string[]): Promise<ScheduleConflictDto[]> {
    const schedule = await this.availability.findSchedule(provider._id);
    const sites = new Map((await Promise.all(leftSiteIds.map((id) => this.repository.findSite(id)))).filter((s): s is SiteRecord => !!s).map((s) => [s._id, s]));
    const without = schedule && {
      ...schedule,
      templates: schedule.templates.filter((t) => !leftSiteIds.includes(t.siteId)),
      exceptions: schedule.exceptions.filter((e) => !(e.kind === 'extra' && e.siteId && leftSiteIds.includes(e.siteId))),
    };
    const results = await Promise.all(
      leftSiteIds.map((siteId) =>
        this.conflicts.find({ providerIds: [provider._id], siteId, before: { schedule: () => schedule, site: (s) => sites.get(s) }, after: { schedule: () => without, site: (s) => sites.get(s) } }),
      ),
    );
    return results.flat();
  }

  async listRooms(siteId: string, user: AuthUser): Promise<ListResponse<RoomDto>> {
    await this.site(siteId, user);
    const rooms = await this.repository.roomsAt(siteId);
    return { items: rooms.map(toRoomDto), total: rooms.length, limit: rooms.length, offset: 0 };
  }

  async createRoom(request: CreateRoomRequest, user: AuthUser): Promise<RoomDto> {
    await this.site(request.siteId, user);
    const room: RoomRecord = { _id: request.id ?? `room-${randomUUID()}`, siteId: request.siteId, name: request.name, kind: request.kind, active: true };
    if (!(await this.repository.insertRoom(room))) throw conflict('ROOM.EXISTS', `There is already a room ${room._id}.`);
    return toRoomDto(room);
  }

  /** A site the caller works at. */
  private async site(siteId: string, user: AuthUser): Promise<SiteRecord> {
    assertSiteAccess(user, siteId);
    const site = await this.repository.findSite(siteId);
    if (!site) throw notFound('SITE.NOT_FOUND', `There is no site ${siteId}.`);
    return site;
  }

  /** A provider working at one of the caller's sites at least. */
  private async provider(id: string, user: AuthUser): Promise<ProviderRecord> {
    const provider = await this.repository.findProvider(id);
    if (!provider) throw notFound('PROVIDER.NOT_FOUND', `There is no provider ${id}.`);
    if (!provider.siteIds.some((s) => user.siteIds.includes(s))) throw forbidden('AUTH.SITE_FORBIDDEN', `${provider.name} works at none of your sites.`);
    return provider;
  }

  private async assertSites(siteIds: string[], user: AuthUser): Promise<void> {
    for (const siteId of siteIds) assertSiteAccess(user, siteId);
    const sites = await Promise.all(siteIds.map((id) => this.repository.findSite(id)));
    const missing = siteIds.filter((_, i) => !sites[i]);
    if (missing.length) throw unprocessable('PROVIDER.UNKNOWN_SITE', `There is no site ${missing.join(', ')}.`);
  }
}

function toHours(site: SiteRecord, conflicts: SiteHoursResponse['conflicts']): SiteHoursResponse {
  return { siteId: site._id, timeZone: site.timeZone, openingHours: site.openingHours ?? [], closures: site.closures ?? [], conflicts };
}
