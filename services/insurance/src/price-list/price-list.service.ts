import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { PriceListDto, PriceListItemDto, PutPriceListItemRequest, SLUG } from '@clinic-flow/contracts';
import { invalid } from '@clinic-flow/platform';
import { PriceListRepository } from './price-list.repository';
import { priceProblems } from './price-list.rules';
import { PriceListItemRecord, PriceListRecord } from './price-list.schema';

export const toPriceListItemDto = (i: PriceListItemRecord): PriceListItemDto => ({
  appointmentTypeId: i.appointmentTypeId, serviceCode: i.serviceCode, codeSystem: i.codeSystem, placeholder: i.placeholder, description: i.description,
  standardChargeCents: i.standardChargeCents, selfPayCents: i.selfPayCents, updatedBy: i.updatedBy, updatedAt: new Date(i.updatedAt).toISOString(),
});

const SAME_FIELDS = ['serviceCode', 'codeSystem', 'placeholder', 'description', 'standardChargeCents', 'selfPayCents'] as const;

/**
 * Each site's price per appointment type: read by whoever estimates charges at that site, set by
 * its office manager or billing. Interim: billing's fee schedule (issue 12) replaces it as the
 * source of estimates.
 */
@Injectable()
export class PriceListService {
  constructor(private readonly prices: PriceListRepository) {}

  async get(user: AuthUser, siteId: string): Promise<PriceListDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const list = await this.prices.forSite(scope, siteId);
    return { siteId, items: (list?.items ?? []).map(toPriceListItemDto).sort((a, b) => a.appointmentTypeId.localeCompare(b.appointmentTypeId)), version: list?.version ?? 0 };
  }

  /** The price of one appointment type at a site (the service reading for an estimate, or a caller's scope). */
  async itemFor(scope: SiteScope, siteId: string, appointmentTypeId: string | undefined): Promise<PriceListItemRecord | undefined> {
    if (!appointmentTypeId) return undefined;
    return (await this.prices.forSite(scope, siteId))?.items.find((i) => i.appointmentTypeId === appointmentTypeId);
  }

  async put(user: AuthUser, siteId: string, appointmentTypeId: string, request: PutPriceListItemRequest): Promise<PriceListItemDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    if (!SLUG.test(appointmentTypeId)) throw invalid('PRICE_LIST.INVALID_TYPE', `${appointmentTypeId} is not an appointment type id.`, [{ field: 'appointmentTypeId', messages: ['3-64 lower-case letters, digits and dashes'] }]);
    return this.write(scope, siteId, appointmentTypeId, request, user.id);
  }

  /** Sets one price (a repeat of the same price writes nothing). */
  async write(scope: SiteScope, siteId: string, appointmentTypeId: string, request: PutPriceListItemRequest, by: string, onlyIfMissing = false): Promise<PriceListItemDto> {
    const problems = priceProblems(request);
    if (problems.length) throw invalid('PRICE_LIST.INVALID', `The price is not valid: ${problems.join('; ')}.`, [{ field: 'price', messages: problems }]);
    const item: PriceListItemRecord = {
      appointmentTypeId, serviceCode: request.serviceCode, codeSystem: request.codeSystem, placeholder: request.placeholder, description: request.description.trim(),
      standardChargeCents: request.standardChargeCents, selfPayCents: request.selfPayCents, updatedBy: by, updatedAt: new Date(),
    };
    const outcome = await this.prices.upsert(scope, siteId, (current: PriceListRecord | null) => {
      const items = current?.items ?? [];
      const existing = items.find((i) => i.appointmentTypeId === appointmentTypeId);
      if (existing && (onlyIfMissing || SAME_FIELDS.every((f) => existing[f] === item[f]))) return { result: existing };
      return { set: { siteId, items: [...items.filter((i) => i.appointmentTypeId !== appointmentTypeId), item] }, result: item };
    });
    return toPriceListItemDto(outcome.result ?? item);
  }
}
