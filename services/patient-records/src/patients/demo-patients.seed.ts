import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_PATIENTS, DEMO_RECORD_PATIENTS } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { PatientsService } from './patients.service';

/** Seeds the patients of scheduling's demo bookings, and those with full demographics for search, when SEED_DEMO_DATA=true (idempotent). */
@Injectable()
export class DemoPatientsSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoPatientsSeed.name);

  constructor(
    private readonly patients: PatientsService,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    const created = await this.patients.seedDemo([...DEMO_PATIENTS, ...DEMO_RECORD_PATIENTS]);
    if (created) this.logger.log(`seeded ${created} demo patients`);
  }
}
