import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { FHIR_BUNDLE, FHIR_JSON, FHIR_OUTCOME, FHIR_RESOURCE, FhirApi, patientSearchParam, searchSelf, searchset } from '@clinic-flow/fhir';
import { documentReference } from './documents.fhir';
import { DocumentsService } from './documents.service';
import { AuditPatientData } from '@clinic-flow/audit';
import { OneQueryValue } from '@clinic-flow/platform';

/** FHIR R4 DocumentReference reads of patient documents, with the roles and scope of the document routes. */
@ApiTags('fhir')
@ApiProduces(FHIR_JSON)
@ApiForbiddenResponse(FHIR_OUTCOME)
@FhirApi()
@AuditPatientData()
@Controller('fhir/R4')
export class DocumentsFhirController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('DocumentReference')
  @Roles(...Policies.readPatientDocuments)
  @ApiOperation({ summary: "FHIR search: a patient's documents, latest change first" })
  @ApiQuery({ name: 'patient', required: true, description: 'Patient id (or Patient/{id})' })
  @ApiOkResponse(FHIR_BUNDLE)
  @ApiBadRequestResponse(FHIR_OUTCOME)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async search(@Query('patient', OneQueryValue) patient: string | undefined, @Req() req: Request, @CurrentUser() user: AuthUser) {
    const { patientId, documents } = await this.documents.listWithOwner(user, patientSearchParam(patient));
    return searchset(
      documents.map((d) => documentReference(d, patientId, this.documents.publicBaseUrl)),
      searchSelf(req),
    );
  }

  @Get('DocumentReference/:id')
  @Roles(...Policies.readPatientDocuments)
  @ApiOperation({ summary: 'FHIR read: one document (its attachment url is the content route)' })
  @ApiOkResponse(FHIR_RESOURCE)
  @ApiNotFoundResponse(FHIR_OUTCOME)
  async read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    const { patientId, document } = await this.documents.getWithOwner(user, id);
    return documentReference(document, patientId, this.documents.publicBaseUrl);
  }
}
