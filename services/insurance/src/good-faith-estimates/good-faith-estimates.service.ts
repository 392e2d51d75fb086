import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { CreateGoodFaithEstimateRequest, GoodFaithEstimateDto, GoodFaithEstimateItemRequest, ListResponse } from '@clinic-flow/contracts';
import { APP_CONFIG, conflict, DomainError, invalid, notFound, unprocessable } from '@clinic-flow/platform';
import { SitesRepository } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { PatientCheck } from '../coverages/patient-check';
import { EstimatesService } from '../estimates/estimates.service';
import { PriceListService } from '../price-list/price-list.service';
import { GoodFaithEstimatesRepository } from './good-faith-estimates.repository';
import { codeSystemOf, GfeItem, gfeDisclaimers, priceItem, totalOf } from './good-faith-estimates.rules';
import { GoodFaithEstimateRecord } from './good-faith-estimates.schema';

const toDto = (g: GoodFaithEstimateRecord): GoodFaithEstimateDto => ({
  id: g._id, patientId: g.patientId, patient: { ...g.patient }, ...(g.appointmentId ? { appointmentId: g.appointmentId } : {}), siteId: g.siteId,
  primaryService: g.primaryService, ...(g.scheduledDate ? { scheduledDate: g.scheduledDate } : {}),
  items: g.items.map((i) => ({ ...i })), totalCents: g.totalCents, diagnosisCodes: [...g.diagnosisCodes],
  provider: { ...g.provider }, facility: { ...g.facility }, selfPayRequested: g.selfPayRequested, disclaimers: [...g.disclaimers],
  issuedAt: new Date(g.issuedAt).toISOString(), issuedBy: g.issuedBy,
});

/** The zone of a site not announced yet: the network's home zone. */
const HOME_ZONE = 'America/New_York';

/**
 * Good Faith Estimates for uninsured and self-pay patients (No Surprises Act, 45 CFR 149.610),
 * priced at the site's self-pay prices. Issued once and kept as issued (the patient's name and
 * date of birth as they were); a patient with coverage for the date gets one only when they ask
 * to be treated as self-pay, which the estimate records.
 */
@Injectable()
export class GoodFaithEstimatesService {
  constructor(
    private readonly estimates: GoodFaithEstimatesRepository,
    private readonly visitEstimates: EstimatesService,
    private readonly patients: PatientCheck,
    private readonly prices: PriceListService,
    private readonly sites: SitesRepository,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  async create(user: AuthUser, patientId: string, request: CreateGoodFaithEstimateRequest): Promise<GoodFaithEstimateDto> {
    const patient = await this.patients.open(patientId);
    const scope = SiteScope.of(user);
    const items: GfeItem[] = [];
    let siteId: string;
    let scheduledDate = request.scheduledDate;
    if (request.appointmentId) {
      const visit = await this.visitEstimates.openVisit(user, request.appointmentId);
      if (visit.patientId !== patientId) throw unprocessable('GFE.APPOINTMENT_OF_ANOTHER_PATIENT', `Appointment ${visit._id} is not this patient's.`);
      siteId = visit.siteId;
      scheduledDate = visit.dateOfService;
      items.push(await this.priced(scope, siteId, { appointmentTypeId: visit.appointmentTypeId ?? 'unknown-type' }));
    } else {
      if (!request.siteId) throw invalid('GFE.SITE_REQUIRED', 'Without an appointmentId, siteId names the facility.', [{ field: 'siteId', messages: ['required without appointmentId'] }]);
      siteId = request.siteId;
      scope.assert(siteId);
    }
    for (const item of request.items ?? []) items.push(await this.priced(scope, siteId, item));

    const site = (await this.sites.all()).find((s) => s._id === siteId);
    const timeZone = site?.timeZone ?? HOME_ZONE;
    const date = scheduledDate ?? DateTime.now().setZone(timeZone).toFormat('yyyy-MM-dd');
    // Uninsured for the date: no coverage in effect, or the payer's latest answer says inactive.
    const insured = (await this.visitEstimates.coveragesOn(user, patientId, date)).filter((c) => c.check?.status !== 'inactive');
    if (insured.length && !request.selfPay) {
      throw conflict('GFE.PATIENT_INSURED', `The patient has coverage in effect on ${date} (${insured.map((c) => c.payerName).join(', ')}): a Good Faith Estimate is for uninsured or self-pay patients; issue it with selfPay: true if the patient asks to be treated as self-pay.`);
    }
    const total = totalOf(items);
    const provider = { name: this.config.ELIGIBILITY_PROVIDER_NAME, npi: this.config.ELIGIBILITY_PROVIDER_NPI, tin: this.config.BILLING_PROVIDER_TIN };
    const record: Omit<GoodFaithEstimateRecord, 'version'> = {
      _id: `gfe-${randomUUID()}`,
      patientId,
      patient: { firstName: patient.firstName, lastName: patient.lastName, dateOfBirth: patient.dateOfBirth },
      ...(request.appointmentId ? { appointmentId: request.appointmentId } : {}),
      siteId,
      primaryService: items[0].description,
      ...(scheduledDate ? { scheduledDate } : {}),
      items,
      totalCents: total,
      diagnosisCodes: [...new Set(request.diagnosisCodes ?? [])],
      provider,
      facility: { name: site?.name ?? siteId, npi: this.config.FACILITY_NPI ?? provider.npi, tin: this.config.FACILITY_TIN ?? provider.tin, siteId },
      selfPayRequested: request.selfPay === true,
      coverageIdsSetAside: request.selfPay ? insured.map((c) => c.coverage._id) : [],
      disclaimers: gfeDisclaimers(total, request.selfPay === true && insured.length > 0),
      issuedAt: new Date(),
      issuedBy: user.id,
    };
    return toDto(await this.estimates.insert(scope, record));
  }

  async list(user: AuthUser, patientId: string): Promise<ListResponse<GoodFaithEstimateDto>> {
    await this.patients.assertVisible(patientId);
    const items = (await this.estimates.forPatient(SiteScope.of(user), patientId)).sort((a, b) => new Date(b.issuedAt).getTime() - new Date(a.issuedAt).getTime()).map(toDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async get(user: AuthUser, id: string): Promise<GoodFaithEstimateDto> {
    return toDto(await this.open(user, id));
  }

  /** The estimate as issued, with the zone of its facility (for the PDF's issue date). */
  async open(user: AuthUser, id: string): Promise<GoodFaithEstimateRecord & { timeZone: string }> {
    const estimate = await this.estimates.findById(SiteScope.of(user), id);
    if (!estimate) throw notFound('GFE.NOT_FOUND', `There is no Good Faith Estimate ${id}.`);
    try {
      await this.patients.assertVisible(estimate.patientId);
    } catch (error) {
      if ((error as { code?: string }).code === 'PATIENT.NOT_FOUND') throw notFound('GFE.NOT_FOUND', `There is no Good Faith Estimate ${id}.`);
      throw error;
    }
    return { ...estimate, timeZone: (await this.sites.timeZoneOf(estimate.siteId)) ?? HOME_ZONE };
  }

  /** An item from the site's price list (self-pay price) or as given; 422 GFE.NO_PRICE for a type without a price. */
  private async priced(scope: SiteScope, siteId: string, item: GoodFaithEstimateItemRequest): Promise<GfeItem> {
    const quantity = item.quantity ?? 1;
    if (item.appointmentTypeId) {
      const price = await this.prices.itemFor(scope, siteId, item.appointmentTypeId);
      if (!price) throw noPrice(siteId, item.appointmentTypeId);
      return priceItem({
        serviceCode: price.serviceCode, codeSystem: price.codeSystem, placeholder: price.placeholder, description: price.description,
        appointmentTypeId: item.appointmentTypeId, quantity, unitChargeCents: price.selfPayCents,
      });
    }
    const { serviceCode, description, expectedChargeCents } = item;
    if (!serviceCode || !description || expectedChargeCents === undefined) {
      throw invalid('GFE.ITEM_INCOMPLETE', 'An item without appointmentTypeId needs serviceCode, description and expectedChargeCents.', [{ field: 'items', messages: ['serviceCode, description and expectedChargeCents'] }]);
    }
    return priceItem({
      serviceCode, codeSystem: item.codeSystem ?? codeSystemOf(serviceCode), placeholder: item.placeholder ?? false,
      description: description.trim(), quantity, unitChargeCents: expectedChargeCents,
    });
  }
}

const noPrice = (siteId: string, appointmentTypeId: string): DomainError =>
  unprocessable('GFE.NO_PRICE', `${siteId} has no self-pay price for ${appointmentTypeId}: set it in the site's price list (PUT /sites/${siteId}/price-list/${appointmentTypeId}) or give the item's code, description and charge.`);
