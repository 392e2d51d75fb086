import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import {
  AllergyDto,
  AllergyListDto,
  ClinicalListQuery,
  MedicationDto,
  MedicationListDto,
  ProblemDetailsDto,
  ProblemDto,
  ProblemListDto,
  RecordAllergyRequest,
  RecordMedicationRequest,
  RecordProblemRequest,
  RecordVitalsRequest,
  UpdateAllergyRequest,
  UpdateMedicationRequest,
  UpdateProblemRequest,
  UpdateVitalsRequest,
  VitalsDto,
  VitalsListDto,
} from '@clinic-flow/contracts';
import { ClinicalService } from './clinical.service';
import { AuditPatientData } from '@clinic-flow/audit';

const NOT_FOUND = 'PATIENT.NOT_FOUND, or CLINICAL.<KIND>_NOT_FOUND for an entry not of this patient';
const CORRECTION = 'CLINICAL.REASON_REQUIRED (entered-in-error without a reason), REQUEST.VALIDATION_FAILED';
const WITHDRAWN = 'CLINICAL.ENTRY_ENTERED_IN_ERROR: the entry was withdrawn and changes no more';
const withEnteredInError = (query: ClinicalListQuery) => query.includeEnteredInError === 'true';

/**
 * The clinical-administrative record, kept by medical assistants and nurses at check-in and
 * rooming: allergies, the problem list (ICD-10-CM), the medication list and vitals. Entries are
 * corrected or marked entered-in-error, never deleted.
 */
@ApiTags('clinical record')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('patients/:id')
export class ClinicalController {
  constructor(private readonly clinical: ClinicalService) {}

  @Post('allergies')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Record an allergy (substance, reaction, severity); patient.allergy-recorded' })
  @ApiCreatedResponse({ type: AllergyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  recordAllergy(@Param('id') id: string, @Body() body: RecordAllergyRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.recordAllergy(id, body, user);
  }

  @Get('allergies')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: "A patient's allergies, newest first" })
  @ApiOkResponse({ type: AllergyListDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  async listAllergies(@Param('id') id: string, @Query() query: ClinicalListQuery, @CurrentUser() user: AuthUser) {
    return { items: await this.clinical.listAllergies(id, user, withEnteredInError(query)) };
  }

  @Patch('allergies/:allergyId')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Correct an allergy or change its status (inactive, resolved, entered-in-error with a reason); patient.allergy-updated' })
  @ApiOkResponse({ type: AllergyDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: CORRECTION })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: WITHDRAWN })
  updateAllergy(@Param('id') id: string, @Param('allergyId') allergyId: string, @Body() body: UpdateAllergyRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.updateAllergy(id, allergyId, body, user);
  }

  @Post('problems')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Add a problem coded in ICD-10-CM (a billable code of the current code set); patient.problem-recorded' })
  @ApiCreatedResponse({ type: ProblemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'CLINICAL.UNKNOWN_CODE, CLINICAL.CODE_NOT_BILLABLE, REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  recordProblem(@Param('id') id: string, @Body() body: RecordProblemRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.recordProblem(id, body, user);
  }

  @Get('problems')
  @Roles(...Policies.readProblemList)
  @ApiOperation({ summary: "A patient's problem list, newest first" })
  @ApiOkResponse({ type: ProblemListDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  async listProblems(@Param('id') id: string, @Query() query: ClinicalListQuery, @CurrentUser() user: AuthUser) {
    return { items: await this.clinical.listProblems(id, user, withEnteredInError(query)) };
  }

  @Patch('problems/:problemId')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Resolve, re-activate, re-code or mark a problem entered-in-error; patient.problem-updated' })
  @ApiOkResponse({ type: ProblemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: `CLINICAL.UNKNOWN_CODE, CLINICAL.CODE_NOT_BILLABLE, ${CORRECTION}` })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: WITHDRAWN })
  updateProblem(@Param('id') id: string, @Param('problemId') problemId: string, @Body() body: UpdateProblemRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.updateProblem(id, problemId, body, user);
  }

  @Post('medications')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Add a medication (name, dose, frequency, free text); patient.medication-recorded' })
  @ApiCreatedResponse({ type: MedicationDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  recordMedication(@Param('id') id: string, @Body() body: RecordMedicationRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.recordMedication(id, body, user);
  }

  @Get('medications')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: "A patient's medication list, newest first" })
  @ApiOkResponse({ type: MedicationListDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  async listMedications(@Param('id') id: string, @Query() query: ClinicalListQuery, @CurrentUser() user: AuthUser) {
    return { items: await this.clinical.listMedications(id, user, withEnteredInError(query)) };
  }

  @Patch('medications/:medicationId')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Correct a medication or change its status (stopped, completed, entered-in-error); patient.medication-updated' })
  @ApiOkResponse({ type: MedicationDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: CORRECTION })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: WITHDRAWN })
  updateMedication(@Param('id') id: string, @Param('medicationId') medicationId: string, @Body() body: UpdateMedicationRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.updateMedication(id, medicationId, body, user);
  }

  @Post('vitals')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Record vitals (at check-in, optionally for an appointment); BMI computed; patient.vitals-recorded' })
  @ApiCreatedResponse({ type: VitalsDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'CLINICAL.VITALS_OUT_OF_RANGE (errors name the field), CLINICAL.VITALS_UNIT_INVALID, CLINICAL.VITALS_EMPTY, REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  recordVitals(@Param('id') id: string, @Body() body: RecordVitalsRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.recordVitals(id, body, user);
  }

  @Get('vitals')
  @Roles(...Policies.readClinical)
  @ApiOperation({ summary: "A patient's vitals, latest taken first" })
  @ApiOkResponse({ type: VitalsListDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  async listVitals(@Param('id') id: string, @Query() query: ClinicalListQuery, @CurrentUser() user: AuthUser) {
    return { items: await this.clinical.listVitals(id, user, withEnteredInError(query)) };
  }

  @Patch('vitals/:vitalsId')
  @Roles(...Policies.recordClinical)
  @ApiOperation({ summary: 'Mark a vitals record entered-in-error (then record the right values anew); patient.vitals-updated' })
  @ApiOkResponse({ type: VitalsDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: CORRECTION })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: WITHDRAWN })
  updateVitals(@Param('id') id: string, @Param('vitalsId') vitalsId: string, @Body() body: UpdateVitalsRequest, @CurrentUser() user: AuthUser) {
    return this.clinical.updateVitals(id, vitalsId, body, user);
  }
}
