import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, BreakGlassDto, BreakGlassListQuery, BreakGlassRequest, ProblemDetailsDto } from '@clinic-flow/contracts';
import { BreakGlassService } from './break-glass.service';

@ApiTags('patients')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller()
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlassService) {}

  @Post('patients/:id/break-glass')
  @Roles(...Policies.breakGlass)
  @ApiCreatedResponse({
    type: BreakGlassDto,
    description: "The record opens for the caller on every patient route until `until` (BREAK_GLASS_MINUTES); patient.break-glass published, the office managers of the patient's sites are emailed",
  })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED: a reason of at least 10 characters is required' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'BREAK_GLASS.NOT_NEEDED: the caller sees the patient without it' })
  open(@Param('id') id: string, @Body() body: BreakGlassRequest, @CurrentUser() user: AuthUser): Promise<BreakGlassDto> {
    return this.breakGlass.breakGlass(id, body, user);
  }

  @Get('break-glass')
  @Roles(...Policies.listBreakGlass)
  @ApiListResponse(BreakGlassDto, 'Break-the-glass accesses to patients registered or cared for at the site, newest first')
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  list(@Query() query: BreakGlassListQuery, @CurrentUser() user: AuthUser) {
    return this.breakGlass.list(query, user);
  }
}
