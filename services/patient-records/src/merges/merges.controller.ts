import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { MergePatientRequest, PatientMergeDto, PatientMergeListDto, ProblemDetailsDto, UnmergePatientRequest } from '@clinic-flow/contracts';
import { MergesService } from './merges.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('patients')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('patients/:id/merges')
export class MergesController {
  constructor(private readonly merges: MergesService) {}

  @Post()
  @Roles(...Policies.mergePatients)
  @ApiCreatedResponse({ type: PatientMergeDto, description: 'The record in the body is merged into the one in the path; patient.merged published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND (the survivor)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'PATIENT_MERGE.SAME_RECORD, PATIENT_MERGE.MERGED_PATIENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PATIENT_MERGE.SURVIVOR_MERGED, ALREADY_MERGED, HAS_MERGED_RECORDS' })
  merge(@Param('id') id: string, @Body() body: MergePatientRequest, @CurrentUser() user: AuthUser) {
    return this.merges.merge(id, body, user);
  }

  @Get()
  @Roles(...Policies.mergePatients)
  @ApiOkResponse({ type: PatientMergeListDto, description: 'Merges the patient took part in, as survivor or merged record, newest first, with their unmerges' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  async list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<PatientMergeListDto> {
    return { items: await this.merges.history(id, user) };
  }

  @Post(':mergeId/undo')
  @HttpCode(200)
  @Roles(...Policies.mergePatients)
  @ApiOkResponse({ type: PatientMergeDto, description: 'The merge is undone; patient.unmerged published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT_MERGE.NOT_FOUND, PATIENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PATIENT_MERGE.UNDO_WINDOW_CLOSED (older than the undo window), PATIENT_MERGE.NOT_ACTIVE (already undone)' })
  unmerge(@Param('id') id: string, @Param('mergeId') mergeId: string, @Body() body: UnmergePatientRequest, @CurrentUser() user: AuthUser) {
    return this.merges.unmerge(id, mergeId, body, user);
  }
}
