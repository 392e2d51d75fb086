import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { auditContext } from '@clinic-flow/audit';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { BreakGlassDto, BreakGlassListQuery, BreakGlassRequest, ListResponse, PatientBreakGlassV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, invalid, notFound } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { breakGlassReasonProblem, breakGlassUntil, patientSites } from '../patients/care-relationship.rules';
import { PatientAccess } from '../patients/patient-access';
import { PatientsRepository } from '../patients/patients.repository';
import { BreakGlassRepository } from '../patients/break-glass.repository';
import { BreakGlassRecord } from '../patients/break-glass.schema';

/** Breaking the glass is done by the service for the caller: the caller cannot see the record, that is the point. */
const GLASS = SiteScope.service('break the glass');

const toDto = (b: BreakGlassRecord): BreakGlassDto => ({
  id: b._id,
  patientId: b.patientId,
  mrn: b.mrn,
  patientSiteIds: b.patientSiteIds,
  userId: b.userId,
  userName: b.userName,
  roles: b.roles,
  userSiteIds: b.userSiteIds,
  reason: b.reason,
  at: new Date(b.at).toISOString(),
  until: new Date(b.until).toISOString(),
});

@Injectable()
export class BreakGlassService {
  constructor(
    private readonly accesses: BreakGlassRepository,
    private readonly patients: PatientsRepository,
    private readonly access: PatientAccess,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {}

  /**
   * Opens a record outside the caller's care relationship for BREAK_GLASS_MINUTES, with a reason:
   * recorded here, and patient.break-glass tells the office managers of the patient's sites. A
   * record merged into another opens its survivor (the person's record). 409 BREAK_GLASS.NOT_NEEDED
   * when the caller sees the patient anyway (nothing is recorded); 404 when there is no such patient.
   */
  async breakGlass(patientId: string, request: BreakGlassRequest, user: AuthUser): Promise<BreakGlassDto> {
    const problem = breakGlassReasonProblem(request.reason);
    if (problem) throw invalid('REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', [{ field: 'reason', messages: [problem] }]);
    const named = await this.patients.findById(GLASS, patientId);
    const patient = named?.mergedIntoPatientId ? await this.patients.findById(GLASS, named.mergedIntoPatientId) : named;
    if (!patient) throw notFound('PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    const scope = SiteScope.of(user);
    const seen = await this.access.visible(scope, patient._id);
    if (seen) {
      const opened = await this.access.open(scope, patient._id);
      if (opened.access !== 'break-glass') throw conflict('BREAK_GLASS.NOT_NEEDED', `You may open patient ${patient._id} without breaking the glass.`);
    }
    const at = new Date();
    const record: Omit<BreakGlassRecord, 'version'> = {
      _id: randomUUID(),
      patientId: patient._id,
      mrn: patient.mrn,
      siteId: patient.registeredAtSiteId,
      patientSiteIds: patientSites(patient),
      userId: user.id,
      userName: user.name,
      roles: [...user.roles],
      userSiteIds: [...user.siteIds],
      reason: request.reason.trim(),
      at,
      until: breakGlassUntil(at, this.config.BREAK_GLASS_MINUTES),
    };
    const event = this.events.outboxEntry(PatientBreakGlassV1, {
      subject: patient._id,
      siteId: patient.registeredAtSiteId,
      data: {
        breakGlassId: record._id,
        patientId: record.patientId,
        mrn: record.mrn,
        patientSiteIds: record.patientSiteIds,
        userId: record.userId,
        userName: record.userName,
        roles: record.roles,
        userSiteIds: record.userSiteIds,
        reason: record.reason,
        at: at.toISOString(),
        until: record.until.toISOString(),
      },
    });
    const stored = await this.accesses.insert(GLASS, record, [event]);
    // The audit entry of this call carries the reason, as every read made through the opened glass does.
    auditContext.notePatient(record.patientId, { reason: record.reason, at: at.toISOString() });
    return toDto(stored);
  }

  /** The accesses to patients of one of the caller's sites (registered or cared for there), newest first. */
  async list(query: BreakGlassListQuery, user: AuthUser): Promise<ListResponse<BreakGlassDto>> {
    SiteScope.of(user).assert(query.siteId);
    const items = (await this.accesses.atSite(query.siteId, query.limit)).map(toDto);
    return { items, total: items.length, limit: query.limit, offset: 0 };
  }
}
