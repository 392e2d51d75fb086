import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ISO_DATE } from '@clinic-flow/contracts';
import { FHIR_BUNDLE, FHIR_JSON, FHIR_OUTCOME, FHIR_RESOURCE, FhirApi, searchSelf, searchset } from '@clinic-flow/fhir';
import { invalid } from '@clinic-flow/platform';
import { fhirPatient, MRN_SYSTEM } from './patient.fhir';
import { PatientsService } from './patients.service';
import { AuditPatientData } from '@clinic-flow/audit';

const DEFAULT_COUNT = 50;
const MAX_COUNT = 100;

/** `eq1984-03-12` or `1984-03-12` -> the date; anything else (a range, a partial date) is refused. */
function birthdateParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value.replace(/^eq/, '');
  if (!ISO_DATE.test(date)) throw invalid('FHIR.SEARCH_PARAMETER_INVALID', 'birthdate is a full date (YYYY-MM-DD, optionally eq-prefixed).', [{ field: 'birthdate', messages: ['must be YYYY-MM-DD'] }]);
  return date;
}

/** `urn:clinic-flow:mrn|MRN-00000042` or `MRN-00000042` -> the MRN; another system's identifier finds nothing (undefined + false). */
function identifierParam(value: string | undefined): { mrn?: string; foreign: boolean } {
  if (value === undefined) return { foreign: false };
  const bar = value.indexOf('|');
  const system = bar < 0 ? undefined : value.slice(0, bar);
  const mrn = (bar < 0 ? value : value.slice(bar + 1)).trim();
  return { mrn: mrn || undefined, foreign: system !== undefined && system !== '' && system !== MRN_SYSTEM };
}

/** A parameter given once; a repeated one (`?birthdate=a&birthdate=b`) is refused rather than half-read. */
function once(name: string, value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  throw invalid('FHIR.SEARCH_PARAMETER_INVALID', `Give ${name} once.`, [{ field: name, messages: ['must be given once'] }]);
}

function countParam(value: string | undefined): number {
  if (value === undefined) return DEFAULT_COUNT;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw invalid('FHIR.SEARCH_PARAMETER_INVALID', '_count is a positive whole number.', [{ field: '_count', messages: ['must be a positive integer'] }]);
  return Math.min(count, MAX_COUNT);
}

/**
 * FHIR R4 Patient read and search for other systems, with the same roles and site scope as
 * `GET /patients/{id}` and the front desk's search; a merged record answers 409 PATIENT.MERGED
 * (naming the survivor) as the patient routes do.
 */
@ApiTags('fhir')
@ApiProduces(FHIR_JSON)
@ApiForbiddenResponse(FHIR_OUTCOME)
@FhirApi()
@AuditPatientData()
@Controller('fhir/R4')
export class PatientsFhirController {
  constructor(private readonly patients: PatientsService) {}

  @Get('Patient')
  @Roles(...Policies.searchPatients)
  @ApiOperation({ summary: "FHIR search: patients of the caller's sites by name, birth date and/or MRN, best match first" })
  @ApiQuery({ name: 'name', required: false, schema: { type: 'string', minLength: 1 }, description: 'Words each starting a name part (family, given, preferred); case and accents ignored' })
  @ApiQuery({ name: 'birthdate', required: false, schema: { type: 'string', pattern: '^(eq)?\\d{4}-\\d{2}-\\d{2}$' }, description: 'Date of birth, YYYY-MM-DD (eq prefix allowed)' })
  @ApiQuery({ name: 'identifier', required: false, schema: { type: 'string', minLength: 1 }, description: `The MRN, optionally as ${MRN_SYSTEM}|MRN-00000042` })
  @ApiQuery({ name: '_count', required: false, schema: { type: 'integer', minimum: 1 }, description: `At most this many (default ${DEFAULT_COUNT}, max ${MAX_COUNT}); total counts them all` })
  @ApiOkResponse(FHIR_BUNDLE)
  @ApiBadRequestResponse(FHIR_OUTCOME)
  async search(
    @Query('name') names: string | string[] | undefined,
    @Query('birthdate') birthdates: string | string[] | undefined,
    @Query('identifier') identifiers: string | string[] | undefined,
    @Query('_count') counts: string | string[] | undefined,
    @Req() req: Request,
    @CurrentUser() user: AuthUser,
  ) {
    // A repeated name means every one of them (FHIR's AND), as the words of one name do.
    const name = Array.isArray(names) ? names.join(' ') : names;
    const [birthdate, identifier, count] = [once('birthdate', birthdates), once('identifier', identifiers), once('_count', counts)];
    if (!name?.trim() && birthdate === undefined && !identifier?.trim()) {
      throw invalid('FHIR.SEARCH_PARAMETER_REQUIRED', 'Search patients by name, birthdate and/or identifier.', [{ field: 'name', messages: ['name, birthdate or identifier is required'] }]);
    }
    const date = birthdateParam(birthdate);
    const { mrn, foreign } = identifierParam(identifier);
    const max = countParam(count);
    if (foreign) return searchset([], searchSelf(req));
    const { records, total } = await this.patients.searchRecords({ name: name?.trim() || undefined, birthdate: date, mrn }, max, user);
    return { ...searchset(records.map(fhirPatient), searchSelf(req)), total };
  }

  @Get('Patient/:id')
  @Roles(...Policies.readPatient)
  @ApiOperation({ summary: 'FHIR read: one patient' })
  @ApiOkResponse(FHIR_RESOURCE)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  @ApiConflictResponse({ ...FHIR_OUTCOME, description: 'PATIENT.MERGED: the record was merged into another (named in the diagnostics)' })
  async read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return fhirPatient(await this.patients.record(id, user));
  }
}
