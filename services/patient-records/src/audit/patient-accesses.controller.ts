import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditPageQuery, AuditPatientData, auditPage, AuditReader } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles, SiteScope } from '@clinic-flow/auth';
import { PatientAccess } from '../patients/patient-access';

/**
 * The first step of a patient's accounting of disclosures (internal; the gateway's
 * `GET /patients/{id}/accesses` calls it): opens the patient for the caller, so another site's
 * patient is a 404 as everywhere, and answers the record ids that are this patient (merged records
 * included) with patient-records' own page of entries. The gateway then asks the other services
 * for those ids. Looking at the accounting is itself on the patient's audit trail.
 */
@ApiExcludeController()
@AuditPatientData()
@Controller('audit/patients/:id/entries')
export class PatientAccessesController {
  constructor(
    private readonly access: PatientAccess,
    private readonly reader: AuditReader,
  ) {}

  @Get()
  @Roles(...Policies.listPatientAccesses)
  async list(@Param('id') id: string, @Query() query: AuditPageQuery, @CurrentUser() user: AuthUser) {
    const { patient, recordIds } = await this.access.open(SiteScope.of(user), id);
    return { patientId: patient._id, recordIds, ...(await auditPage(this.reader, recordIds, query)) };
  }
}
