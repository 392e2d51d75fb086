import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  CreatePayerRequest, ListResponse, PayerChangedV1, PayerDto, PayerRegisteredV1, PayerRequirementsDto, PayerRuleDto, PlanDto, UpdatePayerRequest,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, invalid, notFound } from '@clinic-flow/platform';
import { SitesRepository } from '@clinic-flow/visits';
import { PayersRepository } from './payers.repository';
import { changedFields, payerProblems, requirementsFor } from './payers.rules';
import { PayerRecord, PayerRuleRecord, PlanRecord } from './payers.schema';

const toRule = (r: PayerRuleDto): PayerRuleRecord => ({
  requirement: r.requirement,
  appointmentTypeIds: [...new Set(r.appointmentTypeIds ?? [])],
  procedureCodes: [...new Set(r.procedureCodes ?? [])],
  ...(r.note ? { note: r.note } : {}),
});
const toPlan = (p: PlanDto): PlanRecord => ({ id: p.id, name: p.name, kind: p.kind, rules: p.rules.map(toRule) });
const ruleDto = (r: PayerRuleRecord): PayerRuleDto => ({ requirement: r.requirement, appointmentTypeIds: r.appointmentTypeIds, procedureCodes: r.procedureCodes, ...(r.note ? { note: r.note } : {}) });

export const toPayerDto = (p: PayerRecord): PayerDto => ({
  id: p._id,
  name: p.name,
  ediPayerId: p.ediPayerId,
  receiverId: p.receiverId,
  claimFilingIndicator: p.claimFilingIndicator,
  timelyFilingDays: p.timelyFilingDays,
  ...(p.memberIdPattern ? { memberIdPattern: p.memberIdPattern } : {}),
  blockWithoutAuthorization: p.blockWithoutAuthorization,
  rules: p.rules.map(ruleDto),
  plans: p.plans.map((plan) => ({ id: plan.id, name: plan.name, kind: plan.kind, rules: plan.rules.map(ruleDto) })),
  active: p.active,
  version: p.version,
});

/** What a payer event carries. */
const eventData = (p: Omit<PayerRecord, 'version'>, changedBy: string) => ({
  payerId: p._id, name: p.name, ediPayerId: p.ediPayerId, receiverId: p.receiverId, claimFilingIndicator: p.claimFilingIndicator,
  timelyFilingDays: p.timelyFilingDays, planIds: p.plans.map((plan) => plan.id), active: p.active, changedBy,
});

function assertValid(payer: Pick<PayerRecord, 'memberIdPattern' | 'plans' | 'rules'>): void {
  const problems = payerProblems(payer);
  if (problems.length) throw invalid('PAYER.INVALID', `The payer's settings are not valid: ${problems.join('; ')}.`, [{ field: 'payer', messages: problems }]);
}

/** Payers, their plans and rules: read by everyone, changed by the office manager or billing entitled to every site. */
@Injectable()
export class PayersService {
  constructor(
    private readonly payers: PayersRepository,
    private readonly sites: SitesRepository,
    private readonly events: EventFactory,
  ) {}

  async list(user: AuthUser): Promise<ListResponse<PayerDto>> {
    const payers = await this.payers.findAll(SiteScope.of(user));
    return { items: payers.map(toPayerDto), total: payers.length, limit: payers.length, offset: 0 };
  }

  async get(user: AuthUser, id: string): Promise<PayerDto> {
    return toPayerDto(await this.find(SiteScope.of(user), id));
  }

  async create(request: CreatePayerRequest, user: AuthUser): Promise<PayerDto> {
    await this.assertNetworkWide(user);
    const payer: Omit<PayerRecord, 'version'> = {
      _id: request.id ?? `payer-${randomUUID()}`,
      name: request.name,
      ediPayerId: request.ediPayerId,
      receiverId: request.receiverId,
      claimFilingIndicator: request.claimFilingIndicator,
      timelyFilingDays: request.timelyFilingDays,
      ...(request.memberIdPattern ? { memberIdPattern: request.memberIdPattern } : {}),
      blockWithoutAuthorization: request.blockWithoutAuthorization ?? false,
      rules: (request.rules ?? []).map(toRule),
      plans: (request.plans ?? []).map(toPlan),
      active: true,
    };
    assertValid(payer);
    const { doc, created } = await this.payers.insertOnce(SiteScope.of(user), payer, [
      this.events.outboxEntry(PayerRegisteredV1, { subject: payer._id, siteId: null, data: eventData(payer, user.id) }),
    ]);
    if (!created) throw conflict('PAYER.EXISTS', `There is already a payer ${payer._id}.`);
    return toPayerDto(doc);
  }

  /** Fields given replace the current ones; an unchanged request writes nothing and raises no event. */
  async update(id: string, request: UpdatePayerRequest, user: AuthUser): Promise<PayerDto> {
    await this.assertNetworkWide(user);
    const scope = SiteScope.of(user);
    const outcome = await this.payers.update(scope, id, (current) => {
      const next: PayerRecord = {
        ...current,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.ediPayerId !== undefined ? { ediPayerId: request.ediPayerId } : {}),
        ...(request.receiverId !== undefined ? { receiverId: request.receiverId } : {}),
        ...(request.claimFilingIndicator !== undefined ? { claimFilingIndicator: request.claimFilingIndicator } : {}),
        ...(request.timelyFilingDays !== undefined ? { timelyFilingDays: request.timelyFilingDays } : {}),
        ...(request.memberIdPattern !== undefined ? { memberIdPattern: request.memberIdPattern || undefined } : {}),
        ...(request.blockWithoutAuthorization !== undefined ? { blockWithoutAuthorization: request.blockWithoutAuthorization } : {}),
        ...(request.rules !== undefined ? { rules: request.rules.map(toRule) } : {}),
        ...(request.plans !== undefined ? { plans: request.plans.map(toPlan) } : {}),
        ...(request.active !== undefined ? { active: request.active } : {}),
      };
      assertValid(next);
      const changed = changedFields(current, next);
      if (!changed.length) return null;
      const set = Object.fromEntries(changed.map((field) => [field, next[field as keyof PayerRecord]])) as Partial<PayerRecord>;
      return {
        set,
        events: [this.events.outboxEntry(PayerChangedV1, { subject: id, siteId: null, data: { ...eventData(next, user.id), changedFields: changed } })],
      };
    });
    if (!outcome) throw notFound('PAYER.NOT_FOUND', `There is no payer ${id}.`);
    return toPayerDto(outcome.doc);
  }

  /** Whether a visit needs a referral or an authorization under this payer (and plan). */
  async requirements(user: AuthUser, id: string, query: { planId?: string; appointmentTypeId?: string; procedureCodes?: string[] }): Promise<PayerRequirementsDto> {
    const payer = await this.find(SiteScope.of(user), id);
    if (query.planId && !payer.plans.some((p) => p.id === query.planId)) throw notFound('PAYER.PLAN_NOT_FOUND', `${payer.name} has no plan ${query.planId}.`);
    const result = requirementsFor(payer, query.planId, { appointmentTypeId: query.appointmentTypeId, procedureCodes: query.procedureCodes });
    return { ...result, matched: result.matched.map((r) => ({ ...ruleDto(r), source: r.source })) };
  }

  /** Registers the payers that are missing (demo data), through the same write and event as the API's. */
  async seed(payers: Array<Omit<PayerRecord, 'version'>>): Promise<number> {
    const scope = SiteScope.service('demo-seed');
    let created = 0;
    for (const payer of payers) {
      const outcome = await this.payers.insertOnce(scope, payer, [
        this.events.outboxEntry(PayerRegisteredV1, { subject: payer._id, siteId: null, data: eventData(payer, scope.actor) }),
      ]);
      if (outcome.created) created += 1;
    }
    return created;
  }

  private async find(scope: SiteScope, id: string): Promise<PayerRecord> {
    const payer = await this.payers.findById(scope, id);
    if (!payer) throw notFound('PAYER.NOT_FOUND', `There is no payer ${id}.`);
    return payer;
  }

  /** Payers are the same at every site: changed only by someone entitled to every site. */
  private async assertNetworkWide(user: AuthUser): Promise<void> {
    SiteScope.of(user).assertCoversAll(await this.sites.allIds(), 'A payer');
  }
}
