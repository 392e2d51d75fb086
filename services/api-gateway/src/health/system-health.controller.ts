import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthRegistry, Public } from '@clinic-flow/platform';
import { UpstreamClient, UPSTREAMS } from '../upstream/upstream.client';

/** One answer to "is the whole system up?": the gateway's dependencies and every service's readiness. */
@ApiTags('health')
@Public()
@Controller('health')
export class SystemHealthController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  async health(@Res() res: Response) {
    const [gateway, ...services] = await Promise.all([
      this.registry.report(),
      ...UPSTREAMS.map(async (service) => {
        try {
          const { status, json } = await this.upstream.request(service, 'GET', '/health/ready', undefined, 3000);
          return [service, { status: status === 200 ? 'up' : 'down', ...(json as object) }] as const;
        } catch (error) {
          return [service, { status: 'down', error: (error as Error).message }] as const;
        }
      }),
    ]);
    const up = gateway.status === 'up' && services.every(([, s]) => s.status === 'up');
    res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', gateway, services: Object.fromEntries(services) });
  }
}
