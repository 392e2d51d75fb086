import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { modifierProblems, normalizeProcedureCode } from '@clinic-flow/code-sets';
import {
  AllowedAmountDto, AppointmentTypeChargeLinesDto, FeeDto, FeeQuoteDto, FeeQuoteQuery, FeeScheduleChangedV1, FeeScheduleDto, FeeSchedulePart, PutAllowedAmountRequest,
  PutChargeLinesRequest, PutFeeRequest, SLUG,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { FieldError, invalid, unprocessable } from '@clinic-flow/platform';
import { KnownProcedureCode, ProcedureCodesService } from '../procedure-codes/procedure-codes.service';
import { FeeScheduleRepository } from './fee-schedule.repository';
import { allowedOn, feeOn, periodProblems, putDated } from './fee-schedule.rules';
import { AllowedAmountRecord, ChargeLinesRecord, FeeRecord, FeeScheduleRecord } from './fee-schedule.schema';

const iso = (d: Date) => new Date(d).toISOString();
const UNKNOWN = { system: 'CPT' as const, placeholder: false, description: '(no longer a known code)' };

/**
 * Each site's fee schedule: its charge per procedure code (optionally per modifier) with effective
 * dates, payers' contracted allowed amounts, and the default charge lines of each appointment type.
 * Read by billing, the office manager and the desk (estimates); changed by the site's office
 * manager and billing coders. Every change is one event on Topics.feeSchedule (no patient data).
 */
@Injectable()
export class FeeScheduleService {
  constructor(
    private readonly schedules: FeeScheduleRepository,
    private readonly codes: ProcedureCodesService,
    private readonly events: EventFactory,
  ) {}

  async get(user: AuthUser, siteId: string): Promise<FeeScheduleDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const schedule = await this.schedules.forSite(scope, siteId);
    const known = await this.codes.lookup([...(schedule?.fees ?? []).map((f) => f.code), ...(schedule?.chargeLines ?? []).flatMap((c) => c.lines.map((l) => l.code))]);
    const code = (c: string) => known.get(c) ?? UNKNOWN;
    return {
      siteId,
      fees: (schedule?.fees ?? []).map((f) => this.feeDto(f, code(f.code))).sort((a, b) => a.code.localeCompare(b.code) || (a.modifier ?? '').localeCompare(b.modifier ?? '') || a.effectiveFrom.localeCompare(b.effectiveFrom)),
      allowedAmounts: (schedule?.allowedAmounts ?? []).map((a) => this.allowedDto(a, code(a.code).placeholder)).sort((a, b) => a.payerId.localeCompare(b.payerId) || a.code.localeCompare(b.code)),
      chargeLines: (schedule?.chargeLines ?? []).map((c) => this.chargeLinesDto(c, c.lines.some((l) => code(l.code).placeholder))).sort((a, b) => a.appointmentTypeId.localeCompare(b.appointmentTypeId)),
      version: schedule?.version ?? 0,
    };
  }

  /** The site's schedule for the service itself (drafting an encounter at checkout). */
  forSite(scope: SiteScope, siteId: string): Promise<FeeScheduleRecord | null> {
    return this.schedules.forSite(scope, siteId);
  }

  async quote(user: AuthUser, siteId: string, query: FeeQuoteQuery): Promise<FeeQuoteDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const code = normalizeProcedureCode(query.procedureCode);
    const modifiers = query.modifier ? [query.modifier.toUpperCase()] : [];
    const schedule = await this.schedules.forSite(scope, siteId);
    const known = (await this.codes.lookup([code])).get(code);
    const fee = feeOn(schedule?.fees ?? [], code, modifiers, query.date);
    const allowed = query.payerId ? allowedOn(schedule?.allowedAmounts ?? [], query.payerId, code, modifiers, query.date) : undefined;
    return {
      code, ...(query.modifier ? { modifier: modifiers[0] } : {}), date: query.date, chargeCents: fee?.chargeCents ?? null,
      ...(query.payerId ? { allowedCents: allowed?.allowedCents ?? null } : {}), placeholder: known?.placeholder ?? false,
    };
  }

  async putFee(user: AuthUser, siteId: string, request: PutFeeRequest): Promise<FeeDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    return this.writeFee(scope, siteId, request, user.id);
  }

  async writeFee(scope: SiteScope, siteId: string, request: PutFeeRequest, by: string): Promise<FeeDto> {
    const code = normalizeProcedureCode(request.code);
    const modifier = request.modifier?.toUpperCase() ?? '';
    const known = await this.knownCode(code, 'code');
    this.refuse([...(modifier ? modifierProblems([modifier]).map((m) => ({ field: 'modifier', messages: [m] })) : []), ...periodProblems(request).map((m) => ({ field: 'effectiveTo', messages: [m] }))]);
    const fee: FeeRecord = { code, modifier, chargeCents: request.chargeCents, effectiveFrom: request.effectiveFrom, ...(request.effectiveTo ? { effectiveTo: request.effectiveTo } : {}), updatedBy: by, updatedAt: new Date() };
    const outcome = await this.change(scope, siteId, 'fees', fee, (a, b) => a.code === b.code && a.modifier === b.modifier && a.effectiveFrom === b.effectiveFrom, (a, b) => a.chargeCents === b.chargeCents && a.effectiveTo === b.effectiveTo, 'fee', { codes: [code], effectiveFrom: fee.effectiveFrom, changedBy: by });
    return this.feeDto(outcome ?? fee, known);
  }

  async putAllowedAmount(user: AuthUser, siteId: string, request: PutAllowedAmountRequest): Promise<AllowedAmountDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    return this.writeAllowedAmount(scope, siteId, request, user.id);
  }

  async writeAllowedAmount(scope: SiteScope, siteId: string, request: PutAllowedAmountRequest, by: string): Promise<AllowedAmountDto> {
    const code = normalizeProcedureCode(request.code);
    const modifier = request.modifier?.toUpperCase() ?? '';
    const known = await this.knownCode(code, 'code');
    this.refuse([...(modifier ? modifierProblems([modifier]).map((m) => ({ field: 'modifier', messages: [m] })) : []), ...periodProblems(request).map((m) => ({ field: 'effectiveTo', messages: [m] }))]);
    const amount: AllowedAmountRecord = { payerId: request.payerId, code, modifier, allowedCents: request.allowedCents, effectiveFrom: request.effectiveFrom, ...(request.effectiveTo ? { effectiveTo: request.effectiveTo } : {}), updatedBy: by, updatedAt: new Date() };
    const outcome = await this.change(scope, siteId, 'allowedAmounts', amount, (a, b) => a.payerId === b.payerId && a.code === b.code && a.modifier === b.modifier && a.effectiveFrom === b.effectiveFrom, (a, b) => a.allowedCents === b.allowedCents && a.effectiveTo === b.effectiveTo, 'allowed-amount', { codes: [code], payerId: request.payerId, effectiveFrom: amount.effectiveFrom, changedBy: by });
    return this.allowedDto(outcome ?? amount, known.placeholder);
  }

  async putChargeLines(user: AuthUser, siteId: string, appointmentTypeId: string, request: PutChargeLinesRequest): Promise<AppointmentTypeChargeLinesDto> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    return this.writeChargeLines(scope, siteId, appointmentTypeId, request, user.id);
  }

  async writeChargeLines(scope: SiteScope, siteId: string, appointmentTypeId: string, request: PutChargeLinesRequest, by: string): Promise<AppointmentTypeChargeLinesDto> {
    if (!SLUG.test(appointmentTypeId)) throw invalid('FEE_SCHEDULE.INVALID_TYPE', `${appointmentTypeId} is not an appointment type id.`, [{ field: 'appointmentTypeId', messages: ['3-64 lower-case letters, digits and dashes'] }]);
    const lines = request.lines.map((l) => ({ code: normalizeProcedureCode(l.code), modifiers: (l.modifiers ?? []).map((m) => m.toUpperCase()), units: l.units }));
    const known = await this.codes.lookup(lines.map((l) => l.code));
    const errors: FieldError[] = [];
    lines.forEach((l, i) => {
      if (!known.has(l.code)) errors.push({ field: `lines[${i}].code`, messages: [`${l.code} is not a procedure code billing knows (HCPCS Level II ships; load CPT with POST /fee-schedule/cpt-import)`] });
      const problems = modifierProblems(l.modifiers);
      if (problems.length) errors.push({ field: `lines[${i}].modifiers`, messages: problems });
    });
    this.refuse(errors);
    const record: ChargeLinesRecord = { appointmentTypeId, lines, updatedBy: by, updatedAt: new Date() };
    const same = (a: ChargeLinesRecord, b: ChargeLinesRecord) => JSON.stringify(a.lines) === JSON.stringify(b.lines);
    const outcome = await this.schedules.upsert(scope, siteId, (current) => {
      const list = current?.chargeLines ?? [];
      const existing = list.find((c) => c.appointmentTypeId === appointmentTypeId);
      if (existing && same(existing, record)) return { result: existing };
      return {
        set: { ...this.base(current, siteId), chargeLines: [...list.filter((c) => c.appointmentTypeId !== appointmentTypeId), record] },
        events: [this.event(siteId, 'charge-lines', { codes: lines.map((l) => l.code), appointmentTypeId, changedBy: by })],
        result: record,
      };
    });
    return this.chargeLinesDto(outcome.result ?? record, lines.some((l) => known.get(l.code)?.placeholder));
  }

  private async knownCode(code: string, field: string): Promise<KnownProcedureCode> {
    const known = (await this.codes.lookup([code])).get(code);
    if (!known) throw unprocessable('FEE_SCHEDULE.UNKNOWN_CODE', `${code} is not a procedure code billing knows.`, [{ field, messages: [`${code} is not HCPCS Level II (shipped) nor a loaded CPT code or placeholder (POST /fee-schedule/cpt-import)`] }]);
    return known;
  }

  private refuse(errors: FieldError[]): void {
    if (errors.length) throw unprocessable('FEE_SCHEDULE.INVALID', `The fee schedule change is not valid: ${errors.flatMap((e) => e.messages).join('; ')}.`, errors);
  }

  private base(current: FeeScheduleRecord | null, siteId: string) {
    return current ? {} : { siteId, fees: [], allowedAmounts: [], chargeLines: [] };
  }

  private event(siteId: string, part: FeeSchedulePart, data: { codes: string[]; payerId?: string; appointmentTypeId?: string; effectiveFrom?: string; changedBy: string }) {
    return this.events.outboxEntry(FeeScheduleChangedV1, { subject: siteId, siteId, data: { siteId, part, ...data } });
  }

  private async change<T extends FeeRecord | AllowedAmountRecord>(
    scope: SiteScope, siteId: string, field: 'fees' | 'allowedAmounts', entry: T, sameKey: (a: T, b: T) => boolean, same: (a: T, b: T) => boolean, part: FeeSchedulePart,
    data: { codes: string[]; payerId?: string; effectiveFrom?: string; changedBy: string },
  ): Promise<T | undefined> {
    const outcome = await this.schedules.upsert(scope, siteId, (current) => {
      const list = ((current?.[field] ?? []) as T[]);
      const next = putDated(list, entry, sameKey, same);
      if (!next) return { result: list.find((e) => sameKey(e, entry)) };
      return { set: { ...this.base(current, siteId), [field]: next }, events: [this.event(siteId, part, data)], result: entry };
    });
    return outcome.result;
  }

  private feeDto(f: FeeRecord, known: Pick<KnownProcedureCode, 'system' | 'placeholder' | 'description'>): FeeDto {
    return {
      code: f.code, ...(f.modifier ? { modifier: f.modifier } : {}), chargeCents: f.chargeCents, effectiveFrom: f.effectiveFrom, ...(f.effectiveTo ? { effectiveTo: f.effectiveTo } : {}),
      system: known.system, placeholder: known.placeholder, description: known.description, updatedBy: f.updatedBy, updatedAt: iso(f.updatedAt),
    };
  }

  private allowedDto(a: AllowedAmountRecord, placeholder: boolean): AllowedAmountDto {
    return {
      payerId: a.payerId, code: a.code, ...(a.modifier ? { modifier: a.modifier } : {}), allowedCents: a.allowedCents, effectiveFrom: a.effectiveFrom, ...(a.effectiveTo ? { effectiveTo: a.effectiveTo } : {}),
      placeholder, updatedBy: a.updatedBy, updatedAt: iso(a.updatedAt),
    };
  }

  private chargeLinesDto(c: ChargeLinesRecord, placeholder: boolean): AppointmentTypeChargeLinesDto {
    return { appointmentTypeId: c.appointmentTypeId, lines: c.lines.map((l) => ({ code: l.code, modifiers: l.modifiers, units: l.units })), placeholder, updatedBy: c.updatedBy, updatedAt: iso(c.updatedAt) };
  }
}
