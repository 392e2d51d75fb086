import { Controller, Get, HttpCode, Injectable, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from './public';

export type HealthCheck = () => Promise<Record<string, unknown> | void>;

/** Dependencies register their readiness checks here (database, Kafka, Redis, ...). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async report(timeoutMs = 2000): Promise<{ status: 'up' | 'down'; checks: Record<string, { status: 'up' | 'down'; [k: string]: unknown }> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          const details = await Promise.race([
            check(),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref()),
          ]);
          return [name, { status: 'up' as const, ...(details ?? {}) }] as const;
        } catch (error) {
          return [name, { status: 'down' as const, error: (error as Error).message }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const up = !this.shuttingDown && entries.every(([, r]) => r.status === 'up');
    return { status: up ? 'up' : 'down', checks: this.shuttingDown ? { ...checks, lifecycle: { status: 'down', error: 'shutting down' } } : checks };
  }
}

/** Liveness says the process runs; readiness says it can do its job (all dependencies up). */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(@Res() res: Response) {
    const report = await this.registry.report();
    res.status(report.status === 'up' ? 200 : 503).json(report);
  }
}
