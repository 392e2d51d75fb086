import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, BillingProviderDto, ProblemDetailsDto, PutBillingProviderRequest, PutRenderingProviderRequest, RenderingProviderDto, SLUG } from '@clinic-flow/contracts';
import { BillingProvidersService } from './billing-providers.service';

@ApiTags('billing-identities')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (a site not yours; the network and rendering providers: for someone of every site)' })
@Controller('billing-providers')
export class BillingProvidersController {
  constructor(private readonly providers: BillingProvidersService) {}

  @Get()
  @Roles(...Policies.manageBillingIdentities)
  @ApiListResponse(BillingProviderDto, "The network's billing provider and those of the caller's sites that bill under their own")
  list(@CurrentUser() user: AuthUser) {
    return this.providers.list(user);
  }

  @Get(':siteId')
  @Roles(...Policies.manageBillingIdentities)
  @ApiOkResponse({ type: BillingProviderDto, description: "The billing provider the site's claims name: its own, else the network's" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'BILLING.NO_BILLING_PROVIDER' })
  get(@Param('siteId') siteId: string, @CurrentUser() user: AuthUser) {
    return this.providers.forSite(user, siteId);
  }

  @Put(':siteId')
  @Roles(...Policies.manageBillingIdentities)
  @ApiParam({ name: 'siteId', description: 'A site id, or "network" for the default of every site without its own', example: 'site-downtown' })
  @ApiOkResponse({ type: BillingProviderDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; BILLING.INVALID_IDENTITY (NPI check digit, EIN)' })
  put(@Param('siteId') siteId: string, @Body() body: PutBillingProviderRequest, @CurrentUser() user: AuthUser) {
    return this.providers.put(user, siteId, body);
  }
}

@ApiTags('billing-identities')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (changes: for someone of every site)' })
@Controller('rendering-providers')
export class RenderingProvidersController {
  constructor(private readonly providers: BillingProvidersService) {}

  @Get()
  @Roles(...Policies.manageBillingIdentities)
  @ApiListResponse(RenderingProviderDto, "Scheduling's providers with the NPI, name and taxonomy claims print")
  list() {
    return this.providers.listRendering();
  }

  @Get(':providerId')
  @Roles(...Policies.manageBillingIdentities)
  @ApiOkResponse({ type: RenderingProviderDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'BILLING.NO_RENDERING_PROVIDER' })
  get(@Param('providerId') providerId: string) {
    return this.providers.getRendering(providerId);
  }

  @Put(':providerId')
  @Roles(...Policies.manageBillingIdentities)
  @ApiParam({ name: 'providerId', example: 'prov-ana-ruiz', description: "A provider id of scheduling's", schema: { type: 'string', pattern: SLUG.source } })
  @ApiOkResponse({ type: RenderingProviderDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; BILLING.INVALID_IDENTITY (NPI check digit); BILLING.INVALID_PROVIDER' })
  put(@Param('providerId') providerId: string, @Body() body: PutRenderingProviderRequest, @CurrentUser() user: AuthUser) {
    return this.providers.putRendering(user, providerId, body);
  }
}
