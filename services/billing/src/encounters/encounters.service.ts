import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ICD10CM, Icd10CmCodeSet, normalizeProcedureCode } from '@clinic-flow/code-sets';
import {
  EncounterCodedV1, EncounterData, EncounterDraftedV1, EncounterDto, EncounterReadyV1, EncounterReopenedV1, EncounterStatus, EventDefinition, PutEncounterDiagnosesRequest, PutEncounterLinesRequest,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, invalid, notFound } from '@clinic-flow/platform';
import type { VisitRecord } from '@clinic-flow/visits';
import { FeeScheduleService } from '../fee-schedule/fee-schedule.service';
import { ProcedureCodesService } from '../procedure-codes/procedure-codes.service';
import { EncountersRepository } from './encounters.repository';
import { checkDiagnoses, checkLines, danglingPointers, draftLines, notReadyReasons, statusAfterCoding, totalCharge } from './encounters.rules';
import { EncounterRecord, PatientSnapshot } from './encounters.schema';
import { PatientSnapshots } from './patient-snapshot';

/** The encounter of an appointment: one per appointment, so a redelivered checkout finds it. */
export const encounterIdOf = (appointmentId: string) => `enc-${appointmentId}`;

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);

export function toEncounterDto(e: EncounterRecord): EncounterDto {
  const snapshot = e.patient && { ...e.patient, takenAt: new Date(e.patient.takenAt).toISOString() };
  return {
    id: e._id, appointmentId: e.appointmentId, patientId: e.patientId, siteId: e.siteId, providerId: e.providerId,
    ...(e.appointmentTypeId ? { appointmentTypeId: e.appointmentTypeId } : {}), dateOfService: e.dateOfService, status: e.status,
    diagnoses: e.diagnoses.map((d, i) => ({ pointer: i + 1, code: d.code, description: d.description })),
    lines: e.lines.map((l, i) => ({ lineNumber: i + 1, ...l })),
    totalChargeCents: totalCharge(e.lines), placeholder: e.lines.some((l) => l.placeholder),
    ...(snapshot ? { patient: snapshot } : {}), ...(e.codeSetRelease ? { codeSetRelease: e.codeSetRelease } : {}),
    ...(e.codedBy ? { codedBy: e.codedBy, codedAt: iso(e.codedAt) } : {}), ...(e.readyBy ? { readyBy: e.readyBy, readyAt: iso(e.readyAt) } : {}), ...(e.reopenings?.length ? { reopenings: e.reopenings.map((r) => ({ by: r.by, at: iso(r.at) as string, note: r.note })) } : {}),
    createdAt: new Date(e.createdAt).toISOString(), version: e.version,
  };
}

/** What every encounter event carries: ids, status, counts and amounts (no diagnoses, codes or names). */
function eventData(e: Omit<EncounterRecord, 'version'>, changedBy: string): EncounterData {
  return {
    encounterId: e._id, appointmentId: e.appointmentId, patientId: e.patientId, siteId: e.siteId, providerId: e.providerId,
    ...(e.appointmentTypeId ? { appointmentTypeId: e.appointmentTypeId } : {}), dateOfService: e.dateOfService, status: e.status,
    diagnosisCount: e.diagnoses.length, lineCount: e.lines.length, totalChargeCents: totalCharge(e.lines), placeholder: e.lines.some((l) => l.placeholder), changedBy,
  };
}

/**
 * Encounters: drafted when a visit is checked out (the appointment type's default lines priced from
 * the site's fee schedule on the date of service), then coded by a provider or coder (diagnoses
 * from the ICD-10-CM code set, procedure lines with modifiers, units, charges and pointers) and
 * signed off as ready to claim. Every request is validated whole before the one write; a refusal
 * names each field and changes nothing.
 */
@Injectable()
export class EncountersService {
  private readonly logger = new Logger(EncountersService.name);

  constructor(
    private readonly encounters: EncountersRepository,
    private readonly fees: FeeScheduleService,
    private readonly codes: ProcedureCodesService,
    private readonly snapshots: PatientSnapshots,
    private readonly events: EventFactory,
    @Inject(ICD10CM) private readonly icd10cm: Icd10CmCodeSet,
  ) {}

  /** The draft of a checked-out visit (none for a visit that already has one). */
  async draftFor(visit: VisitRecord): Promise<{ created: boolean; encounter: EncounterRecord }> {
    const scope = SiteScope.service('encounter drafted at checkout');
    const schedule = await this.fees.forSite(scope, visit.siteId);
    const templates = schedule?.chargeLines.find((c) => c.appointmentTypeId === visit.appointmentTypeId)?.lines ?? [];
    const known = await this.codes.lookup(templates.map((t) => t.code));
    const lines = draftLines(templates, { dateOfService: visit.dateOfService, known, fees: schedule?.fees ?? [] });
    const draft: Omit<EncounterRecord, 'version'> = {
      _id: encounterIdOf(visit._id), appointmentId: visit._id, patientId: visit.patientId, siteId: visit.siteId, providerId: visit.providerId,
      ...(visit.appointmentTypeId ? { appointmentTypeId: visit.appointmentTypeId } : {}), dateOfService: visit.dateOfService, status: 'draft',
      diagnoses: [], lines, createdAt: new Date(), createdBy: scope.actor,
    };
    const { doc, created } = await this.encounters.insertOnce(scope, draft, [this.event(EncounterDraftedV1, draft, scope.actor)]);
    if (created) this.logger.log(`encounter ${doc._id} drafted for appointment ${visit._id}: ${lines.length} lines`);
    return { created, encounter: doc };
  }

  async list(user: AuthUser, siteId: string, status?: EncounterStatus): Promise<{ items: EncounterDto[]; total: number; limit: number; offset: number }> {
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const statuses: EncounterStatus[] = status ? [status] : ['draft', 'coded'];
    const found = (await Promise.all(statuses.map((s) => this.encounters.withStatus(scope, siteId, s)))).flat();
    const items = found.sort((a, b) => a.dateOfService.localeCompare(b.dateOfService) || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime()).map(toEncounterDto);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  async get(user: AuthUser, id: string): Promise<EncounterDto> {
    return toEncounterDto(await this.load(user, id));
  }

  async putDiagnoses(user: AuthUser, id: string, request: PutEncounterDiagnosesRequest): Promise<EncounterDto> {
    const found = await this.load(user, id);
    this.assertEditable(found);
    const { diagnoses, errors } = checkDiagnoses(request.codes, found.dateOfService, this.icd10cm);
    const dangling = danglingPointers(found.lines, diagnoses.length);
    if (dangling.length) errors.push({ field: 'codes', messages: dangling });
    if (errors.length) throw invalid('ENCOUNTER.INVALID_DIAGNOSES', `The diagnoses were not saved: ${errors.flatMap((e) => e.messages).join('; ')}.`, errors);
    const patient = await this.snapshots.take(found.patientId);
    return this.write(user, id, (current) => {
      const stillDangling = danglingPointers(current.lines, diagnoses.length);
      if (stillDangling.length) throw invalid('ENCOUNTER.INVALID_DIAGNOSES', `The diagnoses were not saved: ${stillDangling.join('; ')}.`, [{ field: 'codes', messages: stillDangling }]);
      return { diagnoses, lines: current.lines, patient };
    });
  }

  async putLines(user: AuthUser, id: string, request: PutEncounterLinesRequest): Promise<EncounterDto> {
    const found = await this.load(user, id);
    this.assertEditable(found);
    const schedule = await this.fees.forSite(SiteScope.service('pricing an encounter at its own site'), found.siteId);
    const known = await this.codes.lookup(request.lines.map((l) => normalizeProcedureCode(l.code)));
    const check = (diagnosisCount: number) => checkLines(request.lines, { dateOfService: found.dateOfService, diagnosisCount, known, fees: schedule?.fees ?? [] });
    const { errors } = check(found.diagnoses.length);
    if (errors.length) throw invalid('ENCOUNTER.INVALID_LINES', `The procedure lines were not saved: ${errors.flatMap((e) => e.messages).join('; ')}.`, errors);
    const patient = await this.snapshots.take(found.patientId);
    return this.write(user, id, (current) => {
      const again = check(current.diagnoses.length);
      if (again.errors.length) throw invalid('ENCOUNTER.INVALID_LINES', `The procedure lines were not saved: ${again.errors.flatMap((e) => e.messages).join('; ')}.`, again.errors);
      return { diagnoses: current.diagnoses, lines: again.lines, patient };
    });
  }

  /** The coder signs the coded encounter off: ready to claim (again: nothing changes). */
  async ready(user: AuthUser, id: string): Promise<EncounterDto> {
    const found = await this.load(user, id);
    if (found.status === 'ready') return toEncounterDto(found);
    const snapshot: PatientSnapshot | undefined = found.patient ?? (await this.snapshots.take(found.patientId));
    const outcome = await this.encounters.update(SiteScope.of(user), id, (current) => {
      if (current.status === 'ready') return null;
      const reasons = notReadyReasons(current);
      if (current.status !== 'coded' || reasons.length) throw conflict('ENCOUNTER.NOT_CODED', `The encounter is not coded yet: ${reasons.join('; ') || 'code it first'}.`);
      const next = { ...current, status: 'ready' as const, patient: current.patient ?? snapshot, readyBy: user.id, readyAt: new Date() };
      return { set: { status: 'ready', readyBy: next.readyBy, readyAt: next.readyAt, ...(current.patient ? {} : { patient: snapshot }) }, events: [this.event(EncounterReadyV1, next, user.id)] };
    });
    if (!outcome) throw this.notFound(id);
    return toEncounterDto(outcome.doc);
  }

  /**
   * A signed-off encounter opened again to correct its coding (status back to coded; its claim is
   * untouched): re-coded and signed off again, POST /claims/{id}/replace sends the corrected lines.
   */
  async reopen(user: AuthUser, id: string, note: string): Promise<EncounterDto> {
    await this.load(user, id);
    const at = new Date();
    const outcome = await this.encounters.update(SiteScope.of(user), id, (current) => {
      if (current.status !== 'ready') throw conflict('ENCOUNTER.NOT_READY', `Encounter ${current._id} is ${current.status}: it is open for coding already.`);
      const reopenings = [...(current.reopenings ?? []), { by: user.id, at, note: note.trim() }];
      const next = { ...current, status: 'coded' as const, reopenings };
      return { set: { status: 'coded', reopenings }, events: [this.event(EncounterReopenedV1, next, user.id)] };
    });
    if (!outcome) throw this.notFound(id);
    return toEncounterDto(outcome.doc);
  }

  private async write(user: AuthUser, id: string, decide: (current: EncounterRecord) => Pick<EncounterRecord, 'diagnoses' | 'lines' | 'patient'>): Promise<EncounterDto> {
    const release = `${this.icd10cm.info.version} (${this.icd10cm.info.release})`;
    const outcome = await this.encounters.update(SiteScope.of(user), id, (current) => {
      this.assertEditable(current);
      const { diagnoses, lines, patient } = decide(current);
      const status = statusAfterCoding(diagnoses, lines);
      const next = { ...current, diagnoses, lines, patient, status, codeSetRelease: release, codedBy: user.id, codedAt: new Date() };
      return {
        set: { diagnoses, lines, patient, status, codeSetRelease: release, codedBy: next.codedBy, codedAt: next.codedAt },
        events: [this.event(EncounterCodedV1, next, user.id)],
      };
    });
    if (!outcome) throw this.notFound(id);
    return toEncounterDto(outcome.doc);
  }

  private async load(user: AuthUser, id: string): Promise<EncounterRecord> {
    const found = await this.encounters.findById(SiteScope.of(user), id);
    if (!found) throw this.notFound(id);
    return found;
  }

  private assertEditable(e: EncounterRecord): void {
    if (e.status === 'ready') throw conflict('ENCOUNTER.ALREADY_READY', `Encounter ${e._id} was signed off as ready to claim; it is not changed any more (a correction is made on the claim).`);
  }

  private notFound(id: string) {
    return notFound('ENCOUNTER.NOT_FOUND', `There is no encounter ${id} at your sites.`);
  }

  private event(def: EventDefinition<EncounterData>, e: Omit<EncounterRecord, 'version'>, by: string) {
    return this.events.outboxEntry(def, { subject: e.patientId, siteId: e.siteId, data: eventData(e, by) });
  }
}
