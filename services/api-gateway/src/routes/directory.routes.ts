import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { PageQuery, ProvidersQuery, ProviderDto, SiteDto } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { query } from './query';

@ApiTags('directory')
@ApiBearerAuth()
@Controller()
export class DirectoryRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('sites')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: "The caller's sites", schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/SiteDto' } } } } })
  sites(@Query() page: PageQuery): Promise<{ items: SiteDto[] }> {
    return this.upstream.call('scheduling', 'GET', `/sites${query(page)}`);
  }

  @Get('providers')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ description: "Providers at a site (default: all the caller's sites)", schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ProviderDto' } } } } })
  providers(@Query() q: ProvidersQuery): Promise<{ items: ProviderDto[] }> {
    return this.upstream.call('scheduling', 'GET', `/providers${query(q)}`);
  }
}
