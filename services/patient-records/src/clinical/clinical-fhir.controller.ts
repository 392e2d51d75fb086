import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { VitalSign } from '@clinic-flow/contracts';
import { FHIR_BUNDLE, FHIR_JSON, FHIR_OUTCOME, FHIR_RESOURCE, FhirApi, patientSearchParam, searchSelf, searchset } from '@clinic-flow/fhir';
import { notFound, OneQueryValue } from '@clinic-flow/platform';
import { allergyIntolerance, condition, observation, parseObservationId, VITAL_SIGN_CODES } from './clinical.fhir';
import { ClinicalService } from './clinical.service';
import { measuredSigns } from './vitals.rules';
import { AuditPatientData } from '@clinic-flow/audit';


/** `http://loinc.org|8867-4` or `8867-4`, comma-separated -> codes. */
const tokens = (value: string | undefined) => (value ? value.split(',').map((t) => t.split('|').pop()!.trim()).filter(Boolean) : undefined);

/**
 * FHIR R4 reads of the clinical record for other systems, scoped like the rest of the API (the
 * caller's sites, the same role policies): AllergyIntolerance, Condition, vital-signs Observation.
 */
@ApiTags('fhir')
@ApiProduces(FHIR_JSON)
@ApiForbiddenResponse(FHIR_OUTCOME)
@FhirApi()
@AuditPatientData()
@Controller('fhir/R4')
export class ClinicalFhirController {
  constructor(private readonly clinical: ClinicalService) {}

  @Get('AllergyIntolerance')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: "FHIR search: a patient's allergies" })
  @ApiQuery({ name: 'patient', required: true, description: 'Patient id (or Patient/{id})' })
  @ApiOkResponse(FHIR_BUNDLE)
  @ApiBadRequestResponse(FHIR_OUTCOME)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async searchAllergies(@Query('patient', OneQueryValue) patient: string | undefined, @Req() req: Request, @CurrentUser() user: AuthUser) {
    const entries = await this.clinical.entriesOf('allergies', patientSearchParam(patient), user);
    return searchset(entries.map(allergyIntolerance), searchSelf(req));
  }

  @Get('AllergyIntolerance/:id')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: 'FHIR read: one allergy' })
  @ApiOkResponse(FHIR_RESOURCE)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async readAllergy(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return allergyIntolerance(await this.clinical.entry('allergies', id, user));
  }

  @Get('Condition')
  @Roles(...Policies.readProblemList)
  @ApiOperation({ summary: "FHIR search: a patient's problem list (ICD-10-CM)" })
  @ApiQuery({ name: 'patient', required: true, description: 'Patient id (or Patient/{id})' })
  @ApiQuery({ name: 'clinical-status', required: false, description: 'active | resolved' })
  @ApiOkResponse(FHIR_BUNDLE)
  @ApiBadRequestResponse(FHIR_OUTCOME)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async searchConditions(@Query('patient', OneQueryValue) patient: string | undefined, @Query('clinical-status', OneQueryValue) status: string | undefined, @Req() req: Request, @CurrentUser() user: AuthUser) {
    const wanted = tokens(status);
    const entries = await this.clinical.entriesOf('problems', patientSearchParam(patient), user);
    return searchset(entries.filter((p) => !wanted || wanted.includes(p.status)).map((p) => condition(p, this.clinical.codeSet.version)), searchSelf(req));
  }

  @Get('Condition/:id')
  @Roles(...Policies.readProblemList)
  @ApiOperation({ summary: 'FHIR read: one problem' })
  @ApiOkResponse(FHIR_RESOURCE)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async readCondition(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return condition(await this.clinical.entry('problems', id, user), this.clinical.codeSet.version);
  }

  @Get('Observation')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: "FHIR search: a patient's vital signs, one Observation per measured sign" })
  @ApiQuery({ name: 'patient', required: true, description: 'Patient id (or Patient/{id})' })
  @ApiQuery({ name: 'category', required: false, description: 'vital-signs (the only category kept here)' })
  @ApiQuery({ name: 'code', required: false, description: 'LOINC codes, comma-separated (e.g. 8867-4 or http://loinc.org|85354-9)' })
  @ApiOkResponse(FHIR_BUNDLE)
  @ApiBadRequestResponse(FHIR_OUTCOME)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async searchObservations(
    @Query('patient', OneQueryValue) patient: string | undefined,
    @Query('category', OneQueryValue) category: string | undefined,
    @Query('code', OneQueryValue) code: string | undefined,
    @Req() req: Request,
    @CurrentUser() user: AuthUser,
  ) {
    const records = await this.clinical.entriesOf('vitals', patientSearchParam(patient), user);
    const categories = tokens(category);
    if (categories && !categories.includes('vital-signs')) return searchset([], searchSelf(req));
    const codes = tokens(code);
    const wanted = (sign: VitalSign) => !codes || codes.includes(VITAL_SIGN_CODES[sign].code) || codes.includes(VITAL_SIGN_CODES[sign].also?.code ?? '');
    const observations = records
      .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
      .flatMap((v) => measuredSigns(v).filter(wanted).map((sign) => observation(v, sign)));
    return searchset(observations, searchSelf(req));
  }

  @Get('Observation/:id')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: 'FHIR read: one vital sign' })
  @ApiOkResponse(FHIR_RESOURCE)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async readObservation(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    const parsed = parseObservationId(id);
    if (!parsed) throw notFound('CLINICAL.NOT_FOUND', `There is no Observation ${id}.`);
    const vitals = await this.clinical.entry('vitals', parsed.vitalsId, user);
    if (!measuredSigns(vitals).includes(parsed.sign)) throw notFound('CLINICAL.NOT_FOUND', `There is no Observation ${id}.`);
    return observation(vitals, parsed.sign);
  }
}
