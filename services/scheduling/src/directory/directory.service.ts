import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import { ListResponse, ProviderDto, SiteDto } from '@clinic-flow/contracts';
import { DEMO_PROVIDERS, DEMO_SITES } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from './directory.repository';
import { ProviderRecord, SiteRecord } from './directory.schema';

export const toSiteDto = (s: SiteRecord): SiteDto => ({ id: s._id, name: s.name, timeZone: s.timeZone, address: s.address, phone: s.phone });
const toProviderDto = (p: ProviderRecord): ProviderDto => ({ id: p._id, name: p.name, role: p.role, specialty: p.specialty, siteIds: p.siteIds });

/** Sites and providers of the network: what exists, limited to the caller's sites. */
@Injectable()
export class DirectoryService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    await this.repository.seed(
      DEMO_SITES.map(({ id, ...s }) => ({ _id: id, ...s })),
      DEMO_PROVIDERS.map(({ id, ...p }) => ({ _id: id, ...p, active: true })),
    );
  }

  async listSites(user: AuthUser): Promise<ListResponse<SiteDto>> {
    const sites = await this.repository.findSites(user.siteIds);
    return { items: sites.map(toSiteDto), total: sites.length, limit: sites.length, offset: 0 };
  }

  async listProviders(user: AuthUser, query: { siteId?: string; limit: number; offset: number }): Promise<ListResponse<ProviderDto>> {
    if (query.siteId) assertSiteAccess(user, query.siteId);
    const { items, total } = await this.repository.findProviders(query.siteId ? [query.siteId] : user.siteIds, query);
    return { items: items.map(toProviderDto), total, limit: query.limit, offset: query.offset };
  }
}
