import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  DuplicateCandidateDto,
  DuplicateCheckRequest,
  ListResponse,
  PATIENT_FIELDS,
  PatientCareSiteAddedV1,
  PatientContactUpdatedV1,
  PatientDemographicsChangedV1,
  PatientDto,
  PatientRegisteredV1,
  PatientSearchHitDto,
  PatientSearchQuery,
  RegisterPatientRequest,
  toE164,
  UpdatePatientContactRequest,
  UpdatePatientDemographicsRequest,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { DomainError, invalid, isDuplicateKeyError, notFound, unprocessable } from '@clinic-flow/platform';
import { SitesRepository } from '../sites/sites.repository';
import { DuplicateSubject } from './patient-duplicates.rules';
import { DuplicateCandidate, PatientSearchIndex, SearchFilter } from './patient-search.index';
import { parseQuery } from './patient-search.rules';
import { careSitesAfterVisit, isNetworkWide } from './care-relationship.rules';
import { assertNotMerged, PatientAccess } from './patient-access';
import { PatientsRepository } from './patients.repository';
import { applyDemographicsChange, changedFields, CONTACT_FIELDS, Demographics, DemographicsChange, formatMrn } from './patients.rules';
import { PatientRecord } from './patients.schema';
import { auditContext } from '@clinic-flow/audit';

const toDto = (p: PatientRecord): PatientDto => ({
  id: p._id,
  mrn: p.mrn,
  firstName: p.firstName,
  middleName: p.middleName,
  lastName: p.lastName,
  preferredName: p.preferredName,
  dateOfBirth: p.dateOfBirth,
  sexAtBirth: p.sexAtBirth,
  genderIdentity: p.genderIdentity,
  address: p.address,
  phone: p.phone,
  homePhone: p.homePhone,
  email: p.email,
  preferredChannel: p.preferredChannel,
  language: p.language ?? 'en',
  optedOutChannels: p.optedOutChannels ?? [],
  emergencyContact: p.emergencyContact,
  guarantor: p.guarantor ?? { kind: 'self' },
  duplicateOverride: p.duplicateOverride && { ...p.duplicateOverride, at: new Date(p.duplicateOverride.at).toISOString() },
  mergedIntoPatientId: p.mergedIntoPatientId,
  registeredAtSiteId: p.registeredAtSiteId,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** The fields a demographics change reads and writes: the patient fields of the contract, one list. */
const DEMOGRAPHIC_KEYS: ReadonlyArray<keyof Demographics> = PATIENT_FIELDS;

const demographicsOf = (p: PatientRecord): Demographics => {
  const d = Object.fromEntries(DEMOGRAPHIC_KEYS.map((k) => [k, p[k]])) as unknown as Demographics;
  return { ...d, language: p.language ?? 'en', optedOutChannels: p.optedOutChannels ?? [] };
};

const candidateDto = ({ patient, match }: DuplicateCandidate): DuplicateCandidateDto => ({
  id: patient.id,
  mrn: patient.display.mrn,
  firstName: patient.display.firstName,
  lastName: patient.display.lastName,
  dateOfBirth: patient.display.dateOfBirth,
  registeredAtSiteId: patient.siteId,
  score: match.score,
  reasons: match.reasons,
  summary: match.summary,
});

const invalidFields = (problems: Array<{ field: string; messages: string[] }>) => invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', problems);

@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly events: EventFactory,
    private readonly index: PatientSearchIndex,
    private readonly access: PatientAccess,
    private readonly sites: SitesRepository,
  ) {}

  /**
   * Registers a patient at one of the caller's sites. Likely duplicates stop it with 409
   * PATIENT.POSSIBLE_DUPLICATE unless the request carries `duplicateOverride.reason`, which is then
   * kept on the record and in patient.registered with the candidates that were shown. Candidates in
   * a care relationship with the caller are listed (ids, names, scores, reasons); likely matches
   * elsewhere in the network are only counted (`matchesElsewhere`): the registrar learns that the
   * person may already be a patient of the network, not who, and opens that record by breaking the
   * glass with the id the patient or the other site gives (or registers with a reason; an office
   * manager merges later).
   */
  async register(request: RegisterPatientRequest, user: AuthUser): Promise<PatientDto> {
    const siteId = request.siteId ?? user.siteIds[0];
    if (!siteId) throw unprocessable('PATIENT.SITE_REQUIRED', 'siteId is required for a user without sites.');
    const scope = SiteScope.of(user);
    scope.assert(siteId);
    const demographics = this.validNew(request);
    const { candidates, elsewhere } = await this.duplicatesFor(this.probeOf(demographics), scope);
    // The candidates are shown to the caller (in the 409 or recorded with the override): on the audit trail of each.
    auditContext.notePatients(candidates.map((c) => c.patient.id));
    if ((candidates.length || elsewhere) && !request.duplicateOverride) {
      const count = candidates.length + elsewhere;
      throw new DomainError(
        'conflict',
        'PATIENT.POSSIBLE_DUPLICATE',
        candidates.length
          ? `This patient may already be registered (${count} likely match${count > 1 ? 'es' : ''}). Open the existing record, or register with duplicateOverride.reason.`
          : `A possible match exists elsewhere in the network. Break the glass to open it (ask the patient or the other site for the record), or register with duplicateOverride.reason.`,
        { candidates: candidates.map(candidateDto), matchesElsewhere: elsewhere },
      );
    }
    const override = request.duplicateOverride && { reason: request.duplicateOverride.reason.trim(), candidatePatientIds: candidates.map((c) => c.patient.id), by: user.id, at: new Date() };
    return this.create(scope, randomUUID(), demographics, siteId, user.id, override);
  }

  /** The likely duplicates registration would report, without registering (for the registration screen, while typing). */
  async duplicateCheck(request: DuplicateCheckRequest, user: AuthUser): Promise<{ candidates: DuplicateCandidateDto[]; matchesElsewhere: number }> {
    const scope = SiteScope.of(user);
    if (request.siteId) scope.assert(request.siteId);
    const phones = [request.phone, request.homePhone].filter((p): p is string => !!p).map((p) => toE164(p) ?? p);
    const probe: DuplicateSubject = { firstName: request.firstName, lastName: request.lastName, dateOfBirth: request.dateOfBirth, phones, email: request.email?.toLowerCase() };
    const { candidates, elsewhere } = await this.duplicatesFor(probe, scope);
    auditContext.notePatients(candidates.map((c) => c.patient.id));
    return { candidates: candidates.map(candidateDto), matchesElsewhere: elsewhere };
  }

  /** Likely duplicates the caller may see, and how many more there are outside their care relationship. */
  private async duplicatesFor(probe: DuplicateSubject, scope: SiteScope): Promise<{ candidates: DuplicateCandidate[]; elsewhere: number }> {
    const filter = await this.filterFor(scope);
    // Wider than the 10 shown, so matches elsewhere do not push the caller's own out of the list.
    const all = this.index.duplicates(probe, { patient: () => true }, 50);
    const candidates = all.filter((c) => filter.patient(c.patient));
    return { candidates: candidates.slice(0, 10), elsewhere: all.length - candidates.length };
  }

  /**
   * The front desk's search over the patients in a care relationship with the caller (or with one
   * of their sites, `siteId`); see patient-search.rules.ts. A record opened by breaking the glass
   * is not found here: it is opened by its id.
   */
  async search(query: PatientSearchQuery, user: AuthUser): Promise<ListResponse<PatientSearchHitDto>> {
    const scope = SiteScope.of(user);
    if (query.siteId) scope.assert(query.siteId);
    const siteId = query.siteId;
    const filter: SearchFilter = siteId ? { patient: (p) => p.siteIds.includes(siteId) } : await this.filterFor(scope);
    const { items, total } = this.index.search(parseQuery(query.q, new Date()), filter, query.limit, query.offset);
    return {
      items: items.map(({ patient, scored }) => ({ id: patient.id, ...patient.display, registeredAtSiteId: patient.siteId, score: scored.score, matches: scored.matches })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * Registers the demo patients (SEED_DEMO_DATA) under their fixed ids, through the same write
   * and event as a registration at the front desk, without the duplicate check (the demo has
   * near-duplicates on purpose). Idempotent: existing ids are left alone.
   */
  async seedDemo(patients: readonly (RegisterPatientRequest & { id: string; siteId: string })[]): Promise<number> {
    let created = 0;
    const scope = SiteScope.service('demo-seed');
    for (const { id, ...request } of patients) {
      if (await this.patients.findById(scope, id)) continue;
      try {
        await this.create(scope, id, this.validNew(request), request.siteId, 'demo-seed');
        created += 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error; // another instance seeded it first
      }
    }
    return created;
  }

  private validNew(request: RegisterPatientRequest): Demographics {
    const empty: Demographics = { firstName: '', lastName: '', dateOfBirth: '', preferredChannel: request.preferredChannel, language: 'en', optedOutChannels: [] };
    const { duplicateOverride: _override, siteId: _site, ...fields } = request;
    const { next, problems } = applyDemographicsChange(empty, { language: 'en', optedOutChannels: [], ...fields } as DemographicsChange, new Date());
    if (problems.length) throw invalidFields(problems);
    return next;
  }

  private probeOf(d: Demographics): DuplicateSubject {
    return { firstName: d.firstName, lastName: d.lastName, dateOfBirth: d.dateOfBirth, phones: [d.phone, d.homePhone].filter((p): p is string => !!p), email: d.email };
  }

  /** The patients the caller finds: all of them for a network-wide user, else those with a site of theirs (care-relationship.rules.ts). */
  private async filterFor(scope: SiteScope): Promise<SearchFilter> {
    if (isNetworkWide(scope, await this.sites.networkSiteIds())) return { patient: () => true };
    return { patient: (p) => p.siteIds.some((siteId) => scope.covers(siteId)) };
  }

  private async create(
    scope: SiteScope,
    id: string,
    demographics: Demographics,
    siteId: string,
    registeredBy: string,
    duplicateOverride?: PatientRecord['duplicateOverride'],
  ): Promise<PatientDto> {
    const mrn = formatMrn(await this.patients.nextSequence('mrn'));
    const now = new Date();
    const record = {
      _id: id,
      mrn,
      ...demographics,
      ...(duplicateOverride ? { duplicateOverride } : {}),
      registeredAtSiteId: siteId,
      registeredBy,
      createdAt: now,
      updatedAt: now,
    };
    const registered = this.events.outboxEntry(PatientRegisteredV1, {
      subject: id,
      siteId,
      data: {
        patientId: id,
        mrn,
        firstName: record.firstName,
        lastName: record.lastName,
        dateOfBirth: record.dateOfBirth,
        phone: record.phone,
        email: record.email,
        preferredChannel: record.preferredChannel,
        registeredAtSiteId: siteId,
        language: record.language,
        optedOutChannels: record.optedOutChannels,
      },
    });
    return toDto(await this.patients.insert(scope, record, [registered]));
  }

  /** A patient the caller may open (PatientAccess: the care relationship, or breaking the glass). */
  async get(id: string, user: AuthUser): Promise<PatientDto> {
    return toDto(await this.record(id, user));
  }

  /** The record itself (for the FHIR Patient read); opened as `get` opens it. */
  async record(id: string, user: AuthUser): Promise<PatientRecord> {
    return (await this.access.open(SiteScope.of(user), id)).patient;
  }

  /**
   * FHIR Patient search (`name`, `birthdate`, `identifier` = MRN) over the search index, not the
   * collection: name words match a name as FHIR string search does (start of a name part, case and
   * accents ignored; the front desk's one-typo tolerance is left out), `birthdate` the date of
   * birth exactly, `identifier` the MRN exactly. The records of the hits, best first, at most `count`.
   */
  async searchRecords(criteria: { name?: string; birthdate?: string; mrn?: string }, count: number, user: AuthUser): Promise<{ records: PatientRecord[]; total: number }> {
    const scope = SiteScope.of(user);
    const now = new Date();
    const nameWords = criteria.name ? parseQuery(criteria.name, now).filter((w) => w.name).map((w) => ({ raw: w.raw, name: w.name })) : [];
    if (criteria.name && !nameWords.length) return { records: [], total: 0 };
    const mrnWord = criteria.mrn ? parseQuery(criteria.mrn, now).find((w) => w.mrn !== undefined) : undefined;
    if (criteria.mrn && !mrnWord) return { records: [], total: 0 };
    const words = [...nameWords, ...(criteria.birthdate ? [{ raw: criteria.birthdate, date: criteria.birthdate }] : []), ...(mrnWord ? [{ raw: mrnWord.raw, mrn: mrnWord.mrn }] : [])];
    const { items } = this.index.search(words, await this.filterFor(scope), Number.MAX_SAFE_INTEGER, 0);
    const hits = items.filter(
      ({ patient, scored }) =>
        scored.matches.every((m) => m.how !== 'typo' && m.how !== 'typo-prefix') &&
        (!criteria.birthdate || patient.display.dateOfBirth === criteria.birthdate) &&
        (!criteria.mrn || patient.display.mrn.toLowerCase() === criteria.mrn.trim().toLowerCase()),
    );
    // The index let only the caller's patients through; their records are read as the service (they may be registered elsewhere).
    const records = await this.patients.findMany(SiteScope.service('FHIR Patient search'), hits.slice(0, count).map((h) => h.patient.id));
    const byId = new Map(records.map((r) => [r._id, r]));
    return { records: hits.slice(0, count).flatMap((h) => byId.get(h.patient.id) ?? []).filter((r) => !r.mergedIntoPatientId), total: hits.length };
  }

  /**
   * A visit at `siteId` (from an appointment event): the site joins the patient's care sites, with
   * patient.care-site-added, unless it is already one of the patient's sites. A record merged into
   * another passes it on to its survivor as well. Unknown patients (an event about a record this
   * service never had) are left alone.
   */
  async addCareSite(patientId: string, siteId: string, appointmentId: string): Promise<void> {
    const scope = SiteScope.service('care relationship from an appointment');
    const record = await this.patients.update(scope, patientId, (current) => {
      const careSiteIds = careSitesAfterVisit(current, [siteId]);
      if (!careSiteIds) return { result: current };
      const event = this.events.outboxEntry(PatientCareSiteAddedV1, { subject: patientId, siteId, data: { patientId, siteId, appointmentId } });
      return { set: { careSiteIds }, events: [event], result: { ...current, careSiteIds } };
    });
    if (record?.mergedIntoPatientId) await this.addCareSite(record.mergedIntoPatientId, siteId, appointmentId);
  }

  /** Changes demographics (PATCH /patients/{id}); see `change`. */
  updateDemographics(id: string, request: UpdatePatientDemographicsRequest, user: AuthUser): Promise<PatientDto> {
    return this.change(id, request as DemographicsChange, user);
  }

  /** Changes contact details or communication preferences (PATCH /patients/{id}/contact, kept for existing clients); see `change`. */
  updateContact(id: string, request: UpdatePatientContactRequest, user: AuthUser): Promise<PatientDto> {
    return this.change(id, request, user);
  }

  /**
   * One change of a patient's demographics, with its events in the same write:
   * `patient.demographics-changed` (the names of the changed fields and the current copy of names,
   * date of birth and contact that scheduling and notification keep), and, when contact details
   * changed, `patient.contact-updated` v1 with the full new contact state for its consumers.
   * A change that changes nothing writes nothing and publishes nothing.
   */
  private async change(id: string, change: DemographicsChange, user: AuthUser): Promise<PatientDto> {
    const opened = await this.access.open(SiteScope.of(user), id);
    const updated = await this.patients.update(opened.scope, id, (current) => {
      assertNotMerged(current);
      const before = demographicsOf(current);
      const { next, problems } = applyDemographicsChange(before, change, new Date());
      if (problems.length) throw invalidFields(problems);
      const fields = changedFields(before, next);
      if (!fields.length) return { result: current };
      const changedAt = new Date();
      const contact = { phone: next.phone, email: next.email, preferredChannel: next.preferredChannel, language: next.language, optedOutChannels: next.optedOutChannels };
      const meta = { subject: id, siteId: current.registeredAtSiteId };
      const events = [
        this.events.outboxEntry(PatientDemographicsChangedV1, {
          ...meta,
          data: {
            patientId: id,
            changedFields: fields,
            firstName: next.firstName,
            lastName: next.lastName,
            dateOfBirth: next.dateOfBirth,
            ...contact,
            changedBy: user.id,
            changedAt: changedAt.toISOString(),
          },
        }),
      ];
      if (fields.some((f) => CONTACT_FIELDS.includes(f))) {
        events.push(
          this.events.outboxEntry(PatientContactUpdatedV1, {
            ...meta,
            data: { patientId: id, firstName: next.firstName, ...contact, changedBy: user.id, changedAt: changedAt.toISOString() },
          }),
        );
      }
      const set = { ...Object.fromEntries(DEMOGRAPHIC_KEYS.map((k) => [k, next[k]])), updatedAt: changedAt } as Partial<PatientRecord>;
      return { set, events, result: { ...current, ...set } as PatientRecord };
    });
    if (!updated) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${id}.`);
    return toDto(updated);
  }
}
