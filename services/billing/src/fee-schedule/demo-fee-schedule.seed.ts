import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { DEMO_ALLOWED_SHARES, DEMO_PLACEHOLDER_PROCEDURE_CODES, DEMO_PRICE_LIST } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';
import { ProcedureCodesService } from '../procedure-codes/procedure-codes.service';
import { FeeScheduleService } from './fee-schedule.service';

/** Prices from the first day of 2026 (the demo's year). */
const FROM = '2026-01-01';

/**
 * The demo fee schedule when SEED_DEMO_DATA=true: the placeholder codes loaded as the importer
 * would (source "demo placeholders"), each demo site's price of every code its price list uses
 * (the same charges as insurance's interim price list), payers' allowed amounts as a share of the
 * charge, and one default line per appointment type. Values already there are kept as they are.
 */
@Injectable()
export class DemoFeeScheduleSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoFeeScheduleSeed.name);

  constructor(
    private readonly schedules: FeeScheduleService,
    private readonly codes: ProcedureCodesService,
    @Inject(APP_CONFIG) private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    const by = 'service:demo-seed';
    const known = await this.codes.lookup(DEMO_PLACEHOLDER_PROCEDURE_CODES.map((c) => c.code));
    const missing = DEMO_PLACEHOLDER_PROCEDURE_CODES.filter((c) => !known.has(c.code));
    if (missing.length) await this.codes.importFile({ source: 'demo placeholders (not CPT codes)', content: missing.map((c) => `${c.code}\t${c.description}`).join('\n') }, by);
    const scope = SiteScope.service('demo-seed');
    let count = 0;
    for (const [siteId, items] of Object.entries(DEMO_PRICE_LIST)) {
      const current = await this.schedules.forSite(scope, siteId);
      for (const item of items) {
        if (!current?.fees.some((f) => f.code === item.serviceCode && !f.modifier)) {
          await this.schedules.writeFee(scope, siteId, { code: item.serviceCode, chargeCents: item.standardChargeCents, effectiveFrom: FROM }, by);
          count++;
        }
        for (const [payerId, share] of Object.entries(DEMO_ALLOWED_SHARES)) {
          if (current?.allowedAmounts.some((a) => a.payerId === payerId && a.code === item.serviceCode)) continue;
          await this.schedules.writeAllowedAmount(scope, siteId, { payerId, code: item.serviceCode, allowedCents: Math.round((item.standardChargeCents * share) / 100) * 100, effectiveFrom: FROM }, by);
        }
        if (!current?.chargeLines.some((c) => c.appointmentTypeId === item.appointmentTypeId)) {
          await this.schedules.writeChargeLines(scope, siteId, item.appointmentTypeId, { lines: [{ code: item.serviceCode, modifiers: [], units: 1 }] }, by);
        }
      }
    }
    this.logger.log(`demo fee schedule: ${missing.length} placeholder codes loaded, ${count} prices set at ${Object.keys(DEMO_PRICE_LIST).length} sites`);
  }
}
