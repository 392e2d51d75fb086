import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { SiteRegisteredV1 } from '@clinic-flow/contracts';
import { DEMO_APPOINTMENT_TYPES, DEMO_PROVIDERS, DEMO_ROOMS, DEMO_SITES, DEMO_TEMPLATES } from '@clinic-flow/demo-data';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG } from '@clinic-flow/platform';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { AvailabilityRepository } from './availability.repository';
import { ProviderScheduleRecord } from './availability.schema';

/**
 * Seeds the demo calendar set-up when SEED_DEMO_DATA=true: sites with hours and closures, rooms,
 * providers, appointment types and weekly templates. Idempotent: what exists (and its edits) is
 * left alone. Other seeds (demo bookings) wait for `seeded()`.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeed.name);
  private resolve!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.resolve = resolve));

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly availability: AvailabilityRepository,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  /** Resolves once the demo calendar set-up is in the database (at once when seeding is off). */
  seeded(): Promise<void> {
    return this.done;
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      if (this.config.SEED_DEMO_DATA) await this.seed();
    } finally {
      this.resolve();
    }
  }

  private async seed(): Promise<void> {
    const grid = this.config.SCHEDULING_GRID_MINUTES;
    const offGrid = DEMO_APPOINTMENT_TYPES.filter((t) => t.durationMinutes % grid || t.bufferAfterMinutes % grid);
    if (offGrid.length) this.logger.warn(`demo types off the ${grid}-minute grid: ${offGrid.map((t) => t.id).join(', ')}`);
    const scope = SiteScope.service('demo seed');
    for (const { id, ...site } of DEMO_SITES) {
      const registered = this.events.outboxEntry(SiteRegisteredV1, { subject: id, siteId: id, data: { siteId: id, name: site.name, timeZone: site.timeZone, address: site.address, phone: site.phone } });
      await this.directory.registerSite(scope, { _id: id, ...site }, registered);
    }
    await this.directory.seed(
      scope,
      DEMO_SITES.map(({ id, ...s }) => ({ _id: id, ...s })),
      DEMO_PROVIDERS.map(({ id, ...p }) => ({ _id: id, ...p, active: true })),
      DEMO_ROOMS.map(({ id, ...r }) => ({ _id: id, ...r, active: true })),
    );
    await this.catalog.seed(DEMO_APPOINTMENT_TYPES.map(({ id, ...t }) => ({ _id: id, ...t, active: true })));
    const now = new Date();
    const schedules = new Map<string, ProviderScheduleRecord>();
    for (const t of DEMO_TEMPLATES) {
      const schedule = schedules.get(t.providerId) ?? { _id: t.providerId, templates: [], exceptions: [], updatedAt: now };
      schedule.templates.push({ siteId: t.siteId, sessions: t.sessions, updatedAt: now, updatedBy: 'demo-seed' });
      schedules.set(t.providerId, schedule);
    }
    await this.availability.seed([...schedules.values()]);
  }
}
