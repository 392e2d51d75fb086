import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { PatientDto, ProblemDetailsDto, RegisterPatientRequest } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';

@ApiTags('patients')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('patients')
export class PatientsRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  @Roles(...Policies.registerPatient)
  @ApiCreatedResponse({ type: PatientDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  register(@Body() body: RegisterPatientRequest): Promise<PatientDto> {
    return this.upstream.call('patient-records', 'POST', '/patients', body);
  }

  @Get(':id')
  @Roles(...Policies.readPatient)
  @ApiOkResponse({ type: PatientDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string): Promise<PatientDto> {
    return this.upstream.call('patient-records', 'GET', `/patients/${encodeURIComponent(id)}`);
  }
}
