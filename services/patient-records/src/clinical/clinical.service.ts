import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ICD10CM, Icd10CmCodeSet } from '@clinic-flow/code-sets';
import {
  AllergyDto,
  AllergyRecordedV1,
  AllergyUpdatedV1,
  MedicationDto,
  MedicationRecordedV1,
  MedicationUpdatedV1,
  ProblemDto,
  ProblemRecordedV1,
  ProblemUpdatedV1,
  RecordAllergyRequest,
  RecordMedicationRequest,
  RecordProblemRequest,
  RecordVitalsRequest,
  UpdateAllergyRequest,
  UpdateMedicationRequest,
  UpdateProblemRequest,
  UpdateVitalsRequest,
  VitalsDto,
  VitalsRecordedV1,
  VitalsUpdatedV1,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { invalid, notFound } from '@clinic-flow/platform';
import { OpenedPatient, PatientAccess } from '../patients/patient-access';
import { ClinicalEntries, ClinicalRepository } from './clinical.repository';
import { changedFields, ENTERED_IN_ERROR, futureDateProblems, statusChangeProblem } from './clinical.rules';
import { AllergyRecord, ClinicalEntryRecord, MedicationRecord, ProblemRecord, VitalsRecord } from './clinical.schema';
import { acceptedVitals, measuredSigns, vitalsProblems } from './vitals.rules';

const iso = (d: Date) => d.toISOString();
const base = (e: ClinicalEntryRecord) => ({
  id: e._id,
  patientId: e.patientId,
  siteId: e.siteId,
  recordedBy: e.recordedBy,
  recordedAt: iso(e.recordedAt),
  updatedAt: iso(e.updatedAt),
  ...(e.enteredInErrorReason ? { enteredInErrorReason: e.enteredInErrorReason } : {}),
});
export const allergyDto = (a: AllergyRecord): AllergyDto => ({ ...base(a), substance: a.substance, reaction: a.reaction, severity: a.severity, status: a.status, notedOn: a.notedOn });
export const problemDto = (p: ProblemRecord, system: string): ProblemDto => ({
  ...base(p),
  code: p.code,
  system,
  description: p.description,
  status: p.status,
  onsetDate: p.onsetDate,
  resolvedDate: p.resolvedDate,
});
export const medicationDto = (m: MedicationRecord): MedicationDto => ({ ...base(m), name: m.name, dose: m.dose, frequency: m.frequency, note: m.note, status: m.status });
export const vitalsDto = (v: VitalsRecord): VitalsDto => ({
  ...base(v),
  status: v.status,
  takenAt: iso(v.takenAt),
  appointmentId: v.appointmentId,
  measured: measuredSigns(v),
  bloodPressure: v.bloodPressure,
  pulse: v.pulse,
  temperature: v.temperature,
  respiratoryRate: v.respiratoryRate,
  spo2: v.spo2,
  height: v.height,
  weight: v.weight,
  bmi: v.bmi,
});

const dateProblems = (dates: Record<string, string | undefined>) => {
  const problems = futureDateProblems(dates, new Date());
  if (problems.length) throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', problems);
};

/**
 * The clinical-administrative record of a patient: allergies, problem list (ICD-10-CM), medication
 * list and vitals. Every use case opens the patient through PatientAccess first (site scope,
 * merged records), writes through the feature's repository with its event, and never deletes:
 * a wrong entry is marked entered-in-error.
 */
@Injectable()
export class ClinicalService {
  constructor(
    private readonly access: PatientAccess,
    private readonly clinical: ClinicalRepository,
    private readonly events: EventFactory,
    @Inject(ICD10CM) private readonly icd10cm: Icd10CmCodeSet,
  ) {}

  /** The code set's system URI and release. */
  get codeSet() {
    return this.icd10cm.info;
  }

  // -------------------------------------------------------------------------- allergies

  async recordAllergy(patientId: string, request: RecordAllergyRequest, user: AuthUser): Promise<AllergyDto> {
    const { scope, opened } = await this.open(user, patientId);
    const notedOn = request.notedOn ?? new Date().toISOString().slice(0, 10);
    dateProblems({ notedOn });
    const entry = { ...this.newEntry(opened, user), substance: request.substance.trim(), reaction: request.reaction.trim(), severity: request.severity, status: request.status ?? 'active', notedOn };
    const event = this.events.outboxEntry(AllergyRecordedV1, {
      subject: opened.patient._id,
      siteId: opened.siteId,
      data: { patientId: entry.patientId, entryId: entry._id, siteId: entry.siteId, by: user.id, at: iso(entry.recordedAt), severity: entry.severity, status: entry.status },
    });
    return allergyDto(await this.clinical.allergies.insert(scope, entry, [event]));
  }

  async listAllergies(patientId: string, user: AuthUser, includeEnteredInError = false): Promise<AllergyDto[]> {
    return (await this.list(this.clinical.allergies, user, patientId, includeEnteredInError)).map(allergyDto);
  }

  async updateAllergy(patientId: string, allergyId: string, request: UpdateAllergyRequest, user: AuthUser): Promise<AllergyDto> {
    dateProblems({ notedOn: request.notedOn });
    const { reason, ...patch } = request;
    const updated = await this.change(this.clinical.allergies, user, patientId, allergyId, 'ALLERGY', patch, reason, (current, changed, at) =>
      this.events.outboxEntry(AllergyUpdatedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: { patientId: current.patientId, entryId: current._id, siteId: current.siteId, by: user.id, at, severity: current.severity, status: current.status, changed, reason: current.enteredInErrorReason },
      }),
    );
    return allergyDto(updated);
  }

  // -------------------------------------------------------------------------- problems

  async recordProblem(patientId: string, request: RecordProblemRequest, user: AuthUser): Promise<ProblemDto> {
    const { scope, opened } = await this.open(user, patientId);
    const coded = this.billableCode(request.code);
    const status = request.status ?? 'active';
    dateProblems({ onsetDate: request.onsetDate, resolvedDate: request.resolvedDate });
    const entry = {
      ...this.newEntry(opened, user),
      ...coded,
      status,
      onsetDate: request.onsetDate,
      resolvedDate: status === 'resolved' ? request.resolvedDate : undefined,
    };
    const event = this.events.outboxEntry(ProblemRecordedV1, {
      subject: opened.patient._id,
      siteId: opened.siteId,
      data: { patientId: entry.patientId, entryId: entry._id, siteId: entry.siteId, by: user.id, at: iso(entry.recordedAt), code: entry.code, status },
    });
    return problemDto(await this.clinical.problems.insert(scope, entry, [event]), this.icd10cm.info.system);
  }

  async listProblems(patientId: string, user: AuthUser, includeEnteredInError = false): Promise<ProblemDto[]> {
    return (await this.list(this.clinical.problems, user, patientId, includeEnteredInError)).map((p) => problemDto(p, this.icd10cm.info.system));
  }

  async updateProblem(patientId: string, problemId: string, request: UpdateProblemRequest, user: AuthUser): Promise<ProblemDto> {
    dateProblems({ onsetDate: request.onsetDate, resolvedDate: request.resolvedDate });
    const { reason, code, ...rest } = request;
    const patch: Partial<ProblemRecord> = { ...rest, ...(code !== undefined ? this.billableCode(code) : {}) };
    // Re-activating a problem clears when it resolved.
    if (request.status === 'active') patch.resolvedDate = undefined;
    let previousCode: string | undefined;
    const updated = await this.change(this.clinical.problems, user, patientId, problemId, 'PROBLEM', patch, reason, (current, changed, at, before) => {
      previousCode = changed.includes('code') ? before.code : undefined;
      return this.events.outboxEntry(ProblemUpdatedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: { patientId: current.patientId, entryId: current._id, siteId: current.siteId, by: user.id, at, code: current.code, status: current.status, changed, reason: current.enteredInErrorReason, previousCode },
      });
    });
    return problemDto(updated, this.icd10cm.info.system);
  }

  /** A billable code of the current code set, normalized, with its description; 400 otherwise. */
  private billableCode(raw: string): Pick<ProblemRecord, 'code' | 'description' | 'codeSetVersion'> {
    const check = this.icd10cm.check(raw);
    const release = `${this.icd10cm.info.version} (${this.icd10cm.info.release})`;
    if (check.status === 'unknown') {
      throw invalid('CLINICAL.UNKNOWN_CODE', `${raw} is not an ICD-10-CM code of the ${release} code set.`, [{ field: 'code', messages: ['unknown ICD-10-CM code'] }]);
    }
    if (check.status === 'not-billable') {
      const below = this.icd10cm.search({ prefix: check.entry.code, billableOnly: true, limit: 3 }).map((e) => e.code);
      throw invalid(
        'CLINICAL.CODE_NOT_BILLABLE',
        `${check.entry.code} (${check.entry.description}) is a category, not a billable code: choose a code below it${below.length ? `, e.g. ${below.join(', ')}` : ''}.`,
        [{ field: 'code', messages: ['not a billable ICD-10-CM code'] }],
      );
    }
    return { code: check.entry.code, description: check.entry.description, codeSetVersion: release };
  }

  // -------------------------------------------------------------------------- medications

  async recordMedication(patientId: string, request: RecordMedicationRequest, user: AuthUser): Promise<MedicationDto> {
    const { scope, opened } = await this.open(user, patientId);
    const entry = {
      ...this.newEntry(opened, user),
      name: request.name.trim(),
      dose: request.dose?.trim() || undefined,
      frequency: request.frequency?.trim() || undefined,
      note: request.note?.trim() || undefined,
      status: request.status ?? 'active',
    };
    const event = this.events.outboxEntry(MedicationRecordedV1, {
      subject: opened.patient._id,
      siteId: opened.siteId,
      data: { patientId: entry.patientId, entryId: entry._id, siteId: entry.siteId, by: user.id, at: iso(entry.recordedAt), status: entry.status },
    });
    return medicationDto(await this.clinical.medications.insert(scope, entry, [event]));
  }

  async listMedications(patientId: string, user: AuthUser, includeEnteredInError = false): Promise<MedicationDto[]> {
    return (await this.list(this.clinical.medications, user, patientId, includeEnteredInError)).map(medicationDto);
  }

  async updateMedication(patientId: string, medicationId: string, request: UpdateMedicationRequest, user: AuthUser): Promise<MedicationDto> {
    const { reason, ...patch } = request;
    const updated = await this.change(this.clinical.medications, user, patientId, medicationId, 'MEDICATION', patch, reason, (current, changed, at) =>
      this.events.outboxEntry(MedicationUpdatedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: { patientId: current.patientId, entryId: current._id, siteId: current.siteId, by: user.id, at, status: current.status, changed, reason: current.enteredInErrorReason },
      }),
    );
    return medicationDto(updated);
  }

  // -------------------------------------------------------------------------- vitals

  async recordVitals(patientId: string, request: RecordVitalsRequest, user: AuthUser): Promise<VitalsDto> {
    const { scope, opened } = await this.open(user, patientId);
    const { appointmentId, takenAt, ...measures } = request;
    const problems = vitalsProblems(measures);
    if (problems.length) {
      throw invalid(problems[0].code, problems.map((p) => p.message).join(' '), problems.map((p) => ({ field: p.field, messages: [p.message] })));
    }
    const now = new Date();
    const taken = takenAt ? new Date(takenAt) : now;
    if (taken.getTime() > now.getTime() + 5 * 60_000) {
      throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', [{ field: 'takenAt', messages: ['takenAt must not be in the future'] }]);
    }
    const vitals = acceptedVitals(measures);
    const entry = { ...this.newEntry(opened, user), ...vitals, status: 'final' as const, takenAt: taken, appointmentId };
    const event = this.events.outboxEntry(VitalsRecordedV1, {
      subject: opened.patient._id,
      siteId: opened.siteId,
      data: { patientId: entry.patientId, entryId: entry._id, siteId: entry.siteId, by: user.id, at: iso(entry.recordedAt), status: entry.status, measured: measuredSigns(vitals), takenAt: iso(taken), appointmentId },
    });
    return vitalsDto(await this.clinical.vitals.insert(scope, entry, [event]));
  }

  async listVitals(patientId: string, user: AuthUser, includeEnteredInError = false): Promise<VitalsDto[]> {
    const vitals = await this.list(this.clinical.vitals, user, patientId, includeEnteredInError);
    return vitals.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime()).map(vitalsDto);
  }

  async updateVitals(patientId: string, vitalsId: string, request: UpdateVitalsRequest, user: AuthUser): Promise<VitalsDto> {
    const updated = await this.change(this.clinical.vitals, user, patientId, vitalsId, 'VITALS', { status: request.status }, request.reason, (current, changed, at) =>
      this.events.outboxEntry(VitalsUpdatedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: {
          patientId: current.patientId,
          entryId: current._id,
          siteId: current.siteId,
          by: user.id,
          at,
          status: current.status,
          measured: measuredSigns(current),
          takenAt: iso(current.takenAt),
          appointmentId: current.appointmentId,
          changed,
          reason: current.enteredInErrorReason,
        },
      }),
    );
    return vitalsDto(updated);
  }

  // -------------------------------------------------------------------------- reads for FHIR

  /** A patient's entries of one kind, for the FHIR search (entered-in-error included, as FHIR servers do). */
  async entriesOf<K extends keyof ClinicalRepositoryKinds>(kind: K, patientId: string, user: AuthUser): Promise<ClinicalRepositoryKinds[K][]> {
    return this.list(this.clinical[kind] as unknown as ClinicalEntries<ClinicalRepositoryKinds[K]>, user, patientId, true);
  }

  /** One entry by id, if the caller may open its patient (404 when there is none, or its patient is not theirs to see). */
  async entry<K extends keyof ClinicalRepositoryKinds>(kind: K, id: string, user: AuthUser): Promise<ClinicalRepositoryKinds[K]> {
    const store = this.clinical[kind] as unknown as ClinicalEntries<ClinicalRepositoryKinds[K]>;
    const { entry } = await this.access.openEntry(SiteScope.of(user), (lookup) => store.findById(lookup, id), () => notFound('CLINICAL.NOT_FOUND', `There is no ${kind} entry ${id}.`));
    return entry;
  }

  // -------------------------------------------------------------------------- shared

  private async open(user: AuthUser, patientId: string): Promise<{ scope: SiteScope; opened: OpenedPatient }> {
    const opened = await this.access.open(SiteScope.of(user), patientId);
    // The patient's entries are kept under the patient's sites: the scope PatientAccess hands out covers them.
    return { scope: opened.scope, opened };
  }

  private newEntry(opened: OpenedPatient, user: AuthUser): ClinicalEntryRecord {
    const now = new Date();
    return { _id: randomUUID(), version: 0, patientId: opened.patient._id, siteId: opened.siteId, recordedBy: user.id, recordedAt: now, updatedBy: user.id, updatedAt: now };
  }

  private async list<T extends ClinicalEntryRecord & { status: string }>(store: ClinicalEntries<T>, user: AuthUser, patientId: string, includeEnteredInError: boolean): Promise<T[]> {
    const { scope, opened } = await this.open(user, patientId);
    const entries = await store.forPatient(scope, opened.recordIds);
    return includeEnteredInError ? entries : entries.filter((e) => e.status !== ENTERED_IN_ERROR);
  }

  /**
   * A correction or status change of one entry of the patient: only the fields given change, a
   * change that changes nothing writes nothing, and the write carries its event.
   */
  private async change<T extends ClinicalEntryRecord & { status: string }>(
    store: ClinicalEntries<T>,
    user: AuthUser,
    patientId: string,
    id: string,
    kind: string,
    patch: Partial<T>,
    reason: string | undefined,
    event: (next: T, changed: string[], at: string, before: T) => ReturnType<EventFactory['outboxEntry']>,
  ): Promise<T> {
    const { scope, opened } = await this.open(user, patientId);
    const missing = () => notFound(`CLINICAL.${kind}_NOT_FOUND`, `Patient ${patientId} has no ${kind.toLowerCase()} ${id}.`);
    const updated = await store.update(scope, id, (current) => {
      if (!opened.recordIds.includes(current.patientId)) throw missing();
      const changed = changedFields(current, patch);
      const problem = statusChangeProblem(current, { status: patch.status, reason }, changed);
      if (problem) throw problem;
      if (!changed.length) return { result: current };
      const at = new Date();
      const set = {
        ...Object.fromEntries(changed.map((key) => [key, patch[key as keyof T]])),
        ...('resolvedDate' in patch && patch.resolvedDate === undefined && 'resolvedDate' in current ? { resolvedDate: undefined } : {}),
        ...(patch.status === ENTERED_IN_ERROR ? { enteredInErrorReason: reason!.trim() } : {}),
        updatedBy: user.id,
        updatedAt: at,
      } as Partial<T>;
      const next = { ...current, ...set } as T;
      return { set, events: [event(next, changed, iso(at), current)], result: next };
    });
    if (!updated) throw missing();
    return updated;
  }
}

/** The record type of each kind the repository keeps. */
export interface ClinicalRepositoryKinds {
  allergies: AllergyRecord;
  problems: ProblemRecord;
  medications: MedicationRecord;
  vitals: VitalsRecord;
}
