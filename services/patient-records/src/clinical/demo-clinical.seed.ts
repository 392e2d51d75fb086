import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AuthUser } from '@clinic-flow/auth';
import { DEMO_CLINICAL, DEMO_PATIENTS } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { PatientsService } from '../patients/patients.service';
import { ClinicalService } from './clinical.service';

/**
 * Records the demo clinical entries (SEED_DEMO_DATA=true) through the same use cases as a medical
 * assistant at check-in. A patient that already has a problem list is left alone.
 */
@Injectable()
export class DemoClinicalSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoClinicalSeed.name);

  constructor(
    private readonly clinical: ClinicalService,
    private readonly patients: PatientsService,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    await this.patients.seedDemo(DEMO_PATIENTS); // idempotent: the patients exist before their records
    let seeded = 0;
    for (const record of DEMO_CLINICAL) {
      const siteId = DEMO_PATIENTS.find((p) => p.id === record.patientId)?.siteId;
      if (!siteId) continue;
      const seed: AuthUser = { id: 'demo-seed', email: 'demo-seed@demo.clinic', name: 'Demo data', roles: ['medical-assistant'], siteIds: [siteId] };
      if ((await this.clinical.listProblems(record.patientId, seed, true)).length) continue;
      for (const allergy of record.allergies) await this.clinical.recordAllergy(record.patientId, allergy, seed);
      for (const medication of record.medications) await this.clinical.recordMedication(record.patientId, medication, seed);
      for (const vitals of record.vitals) await this.clinical.recordVitals(record.patientId, vitals, seed);
      // The problem list last: it is what marks a patient as seeded.
      for (const problem of record.problems) await this.clinical.recordProblem(record.patientId, problem, seed);
      seeded += 1;
    }
    if (seeded) this.logger.log(`seeded the clinical records of ${seeded} demo patients`);
  }
}
