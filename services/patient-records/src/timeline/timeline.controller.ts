import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ProblemDetailsDto, TimelineDto, TimelineQuery } from '@clinic-flow/contracts';
import { TimelineService } from './timeline.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('patients')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('patients/:id/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @Roles(...Policies.readPatientTimeline)
  @ApiOkResponse({ type: TimelineDto, description: "Appointments, messages, documents, clinical entries and changes of the patient and of the records merged into it, newest first" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED (before, limit)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PATIENT.MERGED (with survivorId): open the survivor' })
  get(@Param('id') id: string, @Query() query: TimelineQuery, @CurrentUser() user: AuthUser): Promise<TimelineDto> {
    return this.timeline.timeline(id, query, user);
  }
}
