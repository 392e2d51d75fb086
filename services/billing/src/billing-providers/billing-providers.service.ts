import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { BillingProviderDto, PutBillingProviderRequest, PutRenderingProviderRequest, RenderingProviderDto, SLUG } from '@clinic-flow/contracts';
import { invalid, notFound } from '@clinic-flow/platform';
import { SitesRepository } from '@clinic-flow/visits';
import { BillingIdentitiesRepository } from './billing-providers.repository';
import { identityProblems, normalizeTin } from './billing-providers.rules';
import { BillingProviderRecord, RenderingProviderRecord } from './billing-providers.schema';

/** The network-wide billing provider's id (sites without their own bill under it). */
export const NETWORK = 'network';

const billingDto = (r: BillingProviderRecord): BillingProviderDto => ({
  scope: r.scope, organizationName: r.organizationName, npi: r.npi, tin: r.tin, taxonomyCode: r.taxonomyCode,
  address: { line1: r.address.line1, ...(r.address.line2 ? { line2: r.address.line2 } : {}), city: r.address.city, state: r.address.state, postalCode: r.address.postalCode },
  updatedBy: r.updatedBy, updatedAt: new Date(r.updatedAt).toISOString(),
});
const renderingDto = (r: RenderingProviderRecord): RenderingProviderDto => ({
  providerId: r._id, firstName: r.firstName, lastName: r.lastName, npi: r.npi, taxonomyCode: r.taxonomyCode, updatedBy: r.updatedBy, updatedAt: new Date(r.updatedAt).toISOString(),
});

/**
 * Who a claim says billed and rendered the service. A site's own billing provider is kept by the
 * people of that site; the network's, and rendering providers (who work across sites), by people
 * of every site. NPIs are checked (check digit) before anything is written.
 */
@Injectable()
export class BillingProvidersService {
  constructor(
    private readonly identities: BillingIdentitiesRepository,
    private readonly sites: SitesRepository,
  ) {}

  async list(user: AuthUser): Promise<{ items: BillingProviderDto[]; total: number; limit: number; offset: number }> {
    const scope = SiteScope.of(user);
    const items = (await this.identities.allBillingProviders()).filter((r) => r.scope === NETWORK || scope.covers(r.scope)).map(billingDto).sort((a, b) => a.scope.localeCompare(b.scope));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  /** The billing provider a site bills under: its own, else the network's. */
  async forSite(user: AuthUser, siteId: string): Promise<BillingProviderDto> {
    SiteScope.of(user).assert(siteId);
    const found = await this.billingProviderOf(siteId);
    if (!found) throw notFound('BILLING.NO_BILLING_PROVIDER', `No billing provider for ${siteId} nor for the network: set one with PUT /billing-providers/${siteId} (or /billing-providers/network).`);
    return billingDto(found);
  }

  /** For claims (billing's own modules): the site's billing provider, else the network's; null if neither is set. */
  async billingProviderOf(siteId: string): Promise<BillingProviderRecord | null> {
    return (await this.identities.billingProvider(siteId)) ?? (await this.identities.billingProvider(NETWORK));
  }

  async put(user: AuthUser, scopeId: string, request: PutBillingProviderRequest): Promise<BillingProviderDto> {
    const scope = SiteScope.of(user);
    if (scopeId === NETWORK) scope.assertCoversAll(await this.sites.allIds(), 'The network billing provider');
    else scope.assert(scopeId);
    return this.write(scopeId, request, user.id);
  }

  async write(scopeId: string, request: PutBillingProviderRequest, by: string): Promise<BillingProviderDto> {
    const problems = identityProblems(request);
    if (problems.length) throw invalid('BILLING.INVALID_IDENTITY', `The billing provider is not valid: ${problems.flatMap((p) => p.messages).join('; ')}.`, problems);
    const next = {
      scope: scopeId, organizationName: request.organizationName.trim(), npi: request.npi, tin: normalizeTin(request.tin), taxonomyCode: request.taxonomyCode,
      address: { line1: request.address.line1, ...(request.address.line2 ? { line2: request.address.line2 } : {}), city: request.address.city, state: request.address.state, postalCode: request.address.postalCode },
    };
    const outcome = await this.identities.upsertBillingProvider(scopeId, (current) => {
      if (current && JSON.stringify({ ...next }) === JSON.stringify({ scope: current.scope, organizationName: current.organizationName, npi: current.npi, tin: current.tin, taxonomyCode: current.taxonomyCode, address: current.address })) return null;
      return { set: { ...next, updatedBy: by, updatedAt: new Date() } };
    });
    return billingDto(outcome.doc);
  }

  async listRendering(): Promise<{ items: RenderingProviderDto[]; total: number; limit: number; offset: number }> {
    const items = (await this.identities.allRenderingProviders()).map(renderingDto).sort((a, b) => a.providerId.localeCompare(b.providerId));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async getRendering(providerId: string): Promise<RenderingProviderDto> {
    const found = await this.identities.renderingProvider(providerId);
    if (!found) throw notFound('BILLING.NO_RENDERING_PROVIDER', `Provider ${providerId} has no NPI on file: set it with PUT /rendering-providers/${providerId}.`);
    return renderingDto(found);
  }

  /** For claims (billing's own modules): the provider's NPI, name and taxonomy; null if not set. */
  renderingProviderOf(providerId: string): Promise<RenderingProviderRecord | null> {
    return this.identities.renderingProvider(providerId);
  }

  async putRendering(user: AuthUser, providerId: string, request: PutRenderingProviderRequest): Promise<RenderingProviderDto> {
    SiteScope.of(user).assertCoversAll(await this.sites.allIds(), 'A rendering provider (providers work across sites)');
    return this.writeRendering(providerId, request, user.id);
  }

  async writeRendering(providerId: string, request: PutRenderingProviderRequest, by: string): Promise<RenderingProviderDto> {
    if (!SLUG.test(providerId)) throw invalid('BILLING.INVALID_PROVIDER', `${providerId} is not a provider id of scheduling.`, [{ field: 'providerId', messages: ['3-64 lower-case letters, digits and dashes'] }]);
    const problems = identityProblems({ npi: request.npi });
    if (problems.length) throw invalid('BILLING.INVALID_IDENTITY', `The rendering provider is not valid: ${problems.flatMap((p) => p.messages).join('; ')}.`, problems);
    const next = { firstName: request.firstName.trim(), lastName: request.lastName.trim(), npi: request.npi, taxonomyCode: request.taxonomyCode };
    const outcome = await this.identities.upsertRenderingProvider(providerId, (current) => {
      if (current && current.firstName === next.firstName && current.lastName === next.lastName && current.npi === next.npi && current.taxonomyCode === next.taxonomyCode) return null;
      return { set: { ...next, updatedBy: by, updatedAt: new Date() } };
    });
    return renderingDto(outcome.doc);
  }
}
