import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import {
  ApiListResponse,
  DuplicateCheckRequest,
  DuplicateCheckResponse,
  PatientDto,
  PatientSearchHitDto,
  PatientSearchQuery,
  ProblemDetailsDto,
  RegisterPatientRequest,
  UpdatePatientContactRequest,
  UpdatePatientDemographicsRequest,
} from '@clinic-flow/contracts';
import { PatientsService } from './patients.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('patients')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData({ subject: 'patient' })
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Roles(...Policies.registerPatient)
  @ApiCreatedResponse({ type: PatientDto, description: 'Registered; patient.registered published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED (e.g. a date of birth in the future, a phone that is not one)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'PATIENT.SITE_REQUIRED: no siteId, and the caller holds no site to register at' })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'PATIENT.POSSIBLE_DUPLICATE: `candidates` lists likely duplicates (id, mrn, name, dateOfBirth, score 0..1, reasons); send duplicateOverride.reason to register anyway',
  })
  register(@Body() body: RegisterPatientRequest, @CurrentUser() user: AuthUser) {
    return this.patients.register(body, user);
  }

  @Get()
  @Roles(...Policies.searchPatients)
  @ApiListResponse(PatientSearchHitDto, "Patients of the caller's sites matching every word of q, best first")
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  search(@Query() query: PatientSearchQuery, @CurrentUser() user: AuthUser) {
    return this.patients.search(query, user);
  }

  @Post('duplicate-check')
  @HttpCode(200)
  @AuditPatientData({ access: 'read' })
  @Roles(...Policies.checkPatientDuplicates)
  @ApiOkResponse({ type: DuplicateCheckResponse, description: 'The likely duplicates registration would report; nothing is written' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  duplicateCheck(@Body() body: DuplicateCheckRequest, @CurrentUser() user: AuthUser) {
    return this.patients.duplicateCheck(body, user);
  }

  @Get(':id')
  @Roles(...Policies.readPatient)
  @ApiOkResponse({ type: PatientDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.patients.get(id, user);
  }

  @Patch(':id')
  @Roles(...Policies.updatePatientDemographics)
  @ApiOkResponse({ type: PatientDto, description: 'Demographics changed; patient.demographics-changed published (and patient.contact-updated when contact details changed)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  updateDemographics(@Param('id') id: string, @Body() body: UpdatePatientDemographicsRequest, @CurrentUser() user: AuthUser) {
    return this.patients.updateDemographics(id, body, user);
  }

  @Patch(':id/contact')
  @Roles(...Policies.updatePatientContact)
  @ApiOkResponse({ type: PatientDto, description: 'Contact details and communication preferences changed; patient.contact-updated and patient.demographics-changed published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED (e.g. preferred channel without its address)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  updateContact(@Param('id') id: string, @Body() body: UpdatePatientContactRequest, @CurrentUser() user: AuthUser) {
    return this.patients.updateContact(id, body, user);
  }
}
