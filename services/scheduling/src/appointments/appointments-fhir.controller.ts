import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { FHIR_BUNDLE, FHIR_JSON, FHIR_OUTCOME, FHIR_RESOURCE, FhirApi, patientSearchParam, searchSelf, searchset } from '@clinic-flow/fhir';
import { AppointmentsFhirService } from './appointments-fhir.service';
import { AuditPatientData } from '@clinic-flow/audit';
import { OneQueryValue } from '@clinic-flow/platform';

/** FHIR R4 Appointment reads, with the roles and site scope of `GET /appointments`. */
@ApiTags('fhir')
@ApiProduces(FHIR_JSON)
@ApiForbiddenResponse(FHIR_OUTCOME)
@FhirApi()
@AuditPatientData()
@Controller('fhir/R4')
export class AppointmentsFhirController {
  constructor(private readonly appointments: AppointmentsFhirService) {}

  @Get('Appointment')
  @Roles(...Policies.readAppointment)
  @ApiOperation({ summary: "FHIR search: a patient's appointments at the caller's sites, latest first" })
  @ApiQuery({ name: 'patient', required: true, description: 'Patient id (or Patient/{id})' })
  @ApiOkResponse(FHIR_BUNDLE)
  @ApiBadRequestResponse(FHIR_OUTCOME)
  @ApiConflictResponse({ ...FHIR_OUTCOME, description: 'PATIENT.MERGED: the record was merged into another (named in the diagnostics)' })
  async search(@Query('patient', OneQueryValue) patient: string | undefined, @Req() req: Request, @CurrentUser() user: AuthUser) {
    return searchset(await this.appointments.search(patientSearchParam(patient), user), searchSelf(req));
  }

  @Get('Appointment/:id')
  @Roles(...Policies.readAppointment)
  @ApiOperation({ summary: 'FHIR read: one appointment' })
  @ApiOkResponse(FHIR_RESOURCE)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.appointments.read(id, user);
  }
}
