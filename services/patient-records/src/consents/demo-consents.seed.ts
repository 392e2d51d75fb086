import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_PATIENTS } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { ConsentsService } from './consents.service';

/**
 * The demo patients' consents (SEED_DEMO_DATA): privacy notice, consent to treat, financial
 * responsibility and communication on their preferred channel. Runs after the patients' seed
 * (ConsentsModule imports PatientsModule, whose bootstrap hooks Nest runs first); idempotent.
 */
@Injectable()
export class DemoConsentsSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoConsentsSeed.name);

  constructor(
    private readonly consents: ConsentsService,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    const signed = await this.consents.seedDemo(DEMO_PATIENTS);
    if (signed) this.logger.log(`seeded ${signed} demo consents`);
  }
}
