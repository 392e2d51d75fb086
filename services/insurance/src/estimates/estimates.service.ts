import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { EstimateCoverageDto, EstimateDto } from '@clinic-flow/contracts';
import { APP_CONFIG, notFound } from '@clinic-flow/platform';
import { VisitRecord, VisitsRepository } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { CoveragesRepository } from '../coverages/coverages.repository';
import { CoverageRecord } from '../coverages/coverages.schema';
import { PatientCheck } from '../coverages/patient-check';
import { EligibilityRepository } from '../eligibility/eligibility.repository';
import { EligibilityCheckRecord } from '../eligibility/eligibility.schema';
import { PayersRepository } from '../payers/payers.repository';
import { PriceListService, toPriceListItemDto } from '../price-list/price-list.service';
import { daysBetween, estimateVisit, inEffectOn, latestAnswered } from './estimates.rules';

/** A coverage in effect on a date, with its payer's names and its latest answered check. */
export interface CoverageOnDate {
  coverage: CoverageRecord;
  payerName: string;
  planName?: string;
  check?: EligibilityCheckRecord;
}

/**
 * The check-in estimate of a visit: the primary coverage in effect on its date of service, that
 * coverage's latest answered eligibility check (the 271's benefits), and the site's price of the
 * visit's type, handed to the pure rule (estimates.rules.ts). Nothing is written: it is computed
 * afresh on every call from what is known now.
 */
@Injectable()
export class EstimatesService {
  constructor(
    private readonly visits: VisitsRepository,
    private readonly patients: PatientCheck,
    private readonly coverages: CoveragesRepository,
    private readonly checks: EligibilityRepository,
    private readonly payers: PayersRepository,
    private readonly prices: PriceListService,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  /** A visit of one of the caller's sites whose patient they may see (403 another site's, 404 none or not known yet). */
  async openVisit(user: AuthUser, appointmentId: string): Promise<VisitRecord> {
    const visit = await this.visits.findById(appointmentId);
    if (!visit) throw notFound('APPOINTMENT.NOT_FOUND', `Insurance knows no appointment ${appointmentId} (a visit booked moments ago may take a moment to arrive).`);
    SiteScope.of(user).assert(visit.siteId);
    await this.patients.assertVisible(visit.patientId);
    return visit;
  }

  /** The patient's coverages in effect on a date, primary first, each with its latest answered check. */
  async coveragesOn(user: AuthUser, patientId: string, date: string): Promise<CoverageOnDate[]> {
    const scope = SiteScope.of(user);
    const inEffect = (await this.coverages.forPatient(scope, patientId)).filter((c) => inEffectOn(c, date)).sort((a, b) => a.order.localeCompare(b.order));
    return Promise.all(
      inEffect.map(async (coverage) => {
        const payer = await this.payers.findById(scope, coverage.payerId);
        const check = latestAnswered(await this.checks.forCoverage(scope, coverage._id));
        return { coverage, payerName: payer?.name ?? coverage.payerId, planName: payer?.plans.find((p) => p.id === coverage.planId)?.name, ...(check ? { check } : {}) };
      }),
    );
  }

  async estimate(user: AuthUser, appointmentId: string): Promise<EstimateDto> {
    const visit = await this.openVisit(user, appointmentId);
    const now = new Date();
    const [inEffect, item] = await Promise.all([
      this.coveragesOn(user, visit.patientId, visit.dateOfService),
      this.prices.itemFor(SiteScope.of(user), visit.siteId, visit.appointmentTypeId),
    ]);
    const primary = inEffect.find((c) => c.coverage.order === 'primary');
    const secondary = inEffect.find((c) => c.coverage.order === 'secondary');
    const check = primary?.check;
    const result = estimateVisit({
      dateOfService: visit.dateOfService,
      ...(item ? { price: { standardChargeCents: item.standardChargeCents, selfPayCents: item.selfPayCents } } : {}),
      ...(primary ? { primary: { payerName: primary.payerName, planName: primary.planName } } : {}),
      ...(check ? { check: { status: check.status, dateOfService: check.dateOfService, ageDays: daysBetween(check.completedAt, now), reason: check.reason, benefits: check.benefits } } : {}),
      ...(secondary ? { secondary: { payerName: secondary.payerName } } : {}),
      maxCheckAgeDays: this.config.ESTIMATE_CHECK_MAX_AGE_DAYS,
    });
    const coverageDto = (c: CoverageOnDate): EstimateCoverageDto => ({
      coverageId: c.coverage._id, payerId: c.coverage.payerId, payerName: c.payerName, planId: c.coverage.planId, ...(c.planName ? { planName: c.planName } : {}),
    });
    return {
      appointmentId: visit._id,
      patientId: visit.patientId,
      siteId: visit.siteId,
      dateOfService: visit.dateOfService,
      ...(visit.appointmentTypeId ? { appointmentTypeId: visit.appointmentTypeId } : {}),
      ...result,
      ...(primary ? { coverage: coverageDto(primary) } : {}),
      ...(secondary ? { secondaryCoverage: coverageDto(secondary) } : {}),
      ...(check ? { eligibilityCheck: { checkId: check._id, status: check.status, dateOfService: check.dateOfService, completedAt: check.completedAt.toISOString(), ageDays: daysBetween(check.completedAt, now) } } : {}),
      ...(item ? { priceListItem: toPriceListItemDto(item) } : {}),
      calculatedAt: now.toISOString(),
    };
  }
}
