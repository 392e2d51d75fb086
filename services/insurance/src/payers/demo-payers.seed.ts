import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ClaimFilingIndicator, PlanKind } from '@clinic-flow/contracts';
import { DEMO_PAYERS } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { InsuranceConfig } from '../config';
import { PayersService } from './payers.service';

/** Registers the demo payers (one per clearinghouse simulator scenario family) when SEED_DEMO_DATA=true; idempotent. */
@Injectable()
export class DemoPayersSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoPayersSeed.name);

  constructor(
    private readonly payers: PayersService,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    const rule = (r: (typeof DEMO_PAYERS)[number]['rules'][number]) => ({ requirement: r.requirement, appointmentTypeIds: r.appointmentTypeIds ?? [], procedureCodes: r.procedureCodes ?? [], ...(r.note ? { note: r.note } : {}) });
    const created = await this.payers.seed(
      DEMO_PAYERS.map((p) => ({
        _id: p.id, name: p.name, ediPayerId: p.ediPayerId, receiverId: p.receiverId, claimFilingIndicator: p.claimFilingIndicator as ClaimFilingIndicator,
        timelyFilingDays: p.timelyFilingDays, ...(p.memberIdPattern ? { memberIdPattern: p.memberIdPattern } : {}), blockWithoutAuthorization: p.blockWithoutAuthorization,
        rules: p.rules.map(rule), plans: p.plans.map((plan) => ({ id: plan.id, name: plan.name, kind: plan.kind as PlanKind, rules: plan.rules.map(rule) })), active: true,
      })),
    );
    if (created) this.logger.log(`seeded ${created} demo payers`);
  }
}
