import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, assertSiteAccess, SiteScope } from '@clinic-flow/auth';
import { EffectiveReminderPolicyDto, PolicyScope, ReminderPolicyDto, ReminderPolicyRequest } from '@clinic-flow/contracts';
import { APP_CONFIG, invalid, notFound, DomainError, unprocessable } from '@clinic-flow/platform';
import { SitesRepository } from '@clinic-flow/visits';
import type { NotificationConfig } from '../config';
import { PoliciesRepository } from './policies.repository';
import { EffectivePolicy, isValidOffset, isValidQuietHours, isValidQuietTime, PolicyLevel, resolvePolicy } from './policies.rules';
import { policyKey, ReminderPolicyRecord } from './policies.schema';

const CACHE_MS = 5_000;

const toDto = (p: ReminderPolicyRecord): ReminderPolicyDto => ({
  scope: p.scope,
  scopeId: p.scopeId,
  steps: p.steps,
  quietHours: p.quietHours,
  updatedBy: p.updatedBy,
  updatedAt: p.updatedAt?.toISOString(),
});

/**
 * Which reminders go out when, per appointment type, site or network default, and the quiet
 * hours. Levels are read by _id and cached for a few seconds (planning runs per booking event);
 * a change made through this instance is seen at once.
 */
@Injectable()
export class PoliciesService {
  private readonly cache = new Map<string, { level: PolicyLevel | null; until: number }>();

  constructor(
    private readonly policies: PoliciesRepository,
    private readonly sites: SitesRepository,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  private get envDefault() {
    return { steps: this.config.REMINDER_OFFSETS.map((offset) => ({ offset })), quietHours: this.config.QUIET_HOURS };
  }

  private async level(id: string): Promise<PolicyLevel | null> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.level;
    const record = await this.policies.find(id);
    const level = record ? { steps: record.steps ?? undefined, quietHours: record.quietHours } : null;
    this.cache.set(id, { level, until: Date.now() + CACHE_MS });
    return level;
  }

  async effective(siteId: string, appointmentTypeId?: string): Promise<EffectivePolicy> {
    const [type, site, stored] = await Promise.all([
      appointmentTypeId ? this.level(policyKey('appointment-type', appointmentTypeId)) : null,
      this.level(policyKey('site', siteId)),
      this.level(policyKey('default')),
    ]);
    return resolvePolicy({ type, site, stored }, this.envDefault);
  }

  async list(): Promise<{ items: ReminderPolicyDto[]; total: number; limit: number; offset: number }> {
    const stored = await this.policies.list();
    const items = stored.map(toDto);
    if (!stored.some((p) => p._id === 'default')) items.unshift({ scope: 'default', ...this.envDefault, updatedBy: 'env' });
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async effectiveDto(user: AuthUser, siteId: string | undefined, appointmentTypeId?: string): Promise<EffectiveReminderPolicyDto> {
    if (!siteId) throw invalid('POLICY.SITE_REQUIRED', 'siteId is required.');
    assertSiteAccess(user, siteId);
    return this.effective(siteId, appointmentTypeId);
  }

  async put(scope: PolicyScope, scopeId: string | undefined, request: ReminderPolicyRequest, user: AuthUser): Promise<ReminderPolicyDto> {
    await this.assertEntitled(scope, scopeId, user);
    const bad = (request.steps ?? []).filter((s) => !isValidOffset(s.offset));
    if (bad.length) throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', [{ field: 'steps', messages: bad.map((s) => `${s.offset} is not a positive duration`) }]);
    const offsets = (request.steps ?? []).map((s) => s.offset);
    if (new Set(offsets).size !== offsets.length) throw unprocessable('POLICY.DUPLICATE_OFFSET', 'Each offset may appear once in a policy.');
    // The request shape admits HH:mm:ss; only a service configured for second precision (tests) takes it.
    const offGrid = request.quietHours ? (['start', 'end'] as const).filter((f) => !isValidQuietTime(request.quietHours![f], this.config.QUIET_HOURS_PRECISION)) : [];
    if (offGrid.length) throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', offGrid.map((f) => ({ field: `quietHours.${f}`, messages: [`${f} must be HH:mm`] })));
    if (request.quietHours && !isValidQuietHours(request.quietHours, this.config.QUIET_HOURS_PRECISION)) throw invalid('POLICY.EMPTY_QUIET_HOURS', 'Quiet hours must start and end at different times.');
    const record: ReminderPolicyRecord = {
      _id: policyKey(scope, scopeId),
      scope,
      ...(scopeId ? { scopeId } : {}),
      ...(request.steps ? { steps: request.steps.map((s) => ({ offset: s.offset, ...(s.channel ? { channel: s.channel } : {}) })) } : {}),
      ...(request.quietHours !== undefined ? { quietHours: request.quietHours ? { start: request.quietHours.start, end: request.quietHours.end } : null } : {}),
      updatedBy: user.id,
      updatedAt: new Date(),
    };
    await this.policies.replace(record);
    this.cache.delete(record._id);
    return toDto(record);
  }

  async remove(scope: Exclude<PolicyScope, 'default'> | 'default', scopeId: string | undefined, user: AuthUser): Promise<void> {
    await this.assertEntitled(scope, scopeId, user);
    const id = policyKey(scope, scopeId);
    this.cache.delete(id);
    if (!(await this.policies.remove(id))) throw notFound('POLICY.NOT_FOUND', `There is no ${scope} policy${scopeId ? ` for ${scopeId}` : ''}.`);
  }

  /**
   * A site's policy is that site's; the default and an appointment type's policy apply at every
   * site, so only someone entitled to every site the network has may change them.
   */
  private async assertEntitled(scope: PolicyScope, scopeId: string | undefined, user: AuthUser): Promise<void> {
    if (scope === 'site') return assertSiteAccess(user, scopeId!);
    const sites = await this.sites.allIds();
    if (!sites.length) throw new DomainError('unavailable', 'POLICY.SITES_NOT_KNOWN_YET', "The network's sites are not known here yet; try again in a moment.");
    SiteScope.of(user).assertCoversAll(sites, scope === 'default' ? 'The default reminder policy' : `The reminder policy of appointment type ${scopeId}`);
  }
}
