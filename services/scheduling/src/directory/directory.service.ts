import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import {
  CreateProviderRequest,
  CreateRoomRequest,
  ListResponse,
  ProviderDto,
  RoomDto,
  SiteDto,
  SiteHoursResponse,
} from '@clinic-flow/contracts';
import { conflict, forbidden, notFound, unprocessable } from '@clinic-flow/platform';
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
  constructor(private readonly repository: DirectoryRepository) {}

  async listSites(user: AuthUser): Promise<ListResponse<SiteDto>> {
    const sites = await this.repository.findSites(user.siteIds);
    return { items: sites.map(toSiteDto), total: sites.length, limit: sites.length, offset: 0 };
  }

  async getHours(siteId: string, user: AuthUser): Promise<SiteHoursResponse> {
    const site = await this.site(siteId, user);
    return toHours(site, []);
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
  async site(siteId: string, user: AuthUser): Promise<SiteRecord> {
    assertSiteAccess(user, siteId);
    const site = await this.repository.findSite(siteId);
    if (!site) throw notFound('SITE.NOT_FOUND', `There is no site ${siteId}.`);
    return site;
  }

  /** A provider working at one of the caller's sites at least. */
  async provider(id: string, user: AuthUser): Promise<ProviderRecord> {
    const provider = await this.repository.findProvider(id);
    if (!provider) throw notFound('PROVIDER.NOT_FOUND', `There is no provider ${id}.`);
    if (!provider.siteIds.some((s) => user.siteIds.includes(s))) throw forbidden('AUTH.SITE_FORBIDDEN', `${provider.name} works at none of your sites.`);
    return provider;
  }

  /** Refuses sites the caller does not work at or that do not exist. */
  async assertSites(siteIds: string[], user: AuthUser): Promise<void> {
    for (const siteId of siteIds) assertSiteAccess(user, siteId);
    const sites = await Promise.all(siteIds.map((id) => this.repository.findSite(id)));
    const missing = siteIds.filter((_, i) => !sites[i]);
    if (missing.length) throw unprocessable('PROVIDER.UNKNOWN_SITE', `There is no site ${missing.join(', ')}.`);
  }
}

export function toHours(site: SiteRecord, conflicts: SiteHoursResponse['conflicts']): SiteHoursResponse {
  return { siteId: site._id, timeZone: site.timeZone, openingHours: site.openingHours ?? [], closures: site.closures ?? [], conflicts };
}
