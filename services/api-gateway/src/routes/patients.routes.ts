import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { NotificationDto, PatientDto, ProblemDetailsDto, RegisterPatientRequest, UpdatePatientContactRequest } from '@clinic-flow/contracts';
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

  @Patch(':id/contact')
  @Roles(...Policies.updatePatientContact)
  @ApiOkResponse({ type: PatientDto, description: 'Contact details and communication preferences changed; patient.contact-updated published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED (e.g. preferred channel without its address)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  updateContact(@Param('id') id: string, @Body() body: UpdatePatientContactRequest): Promise<PatientDto> {
    return this.upstream.call('patient-records', 'PATCH', `/patients/${encodeURIComponent(id)}/contact`, body);
  }

  @Get(':id/notifications')
  @Roles(...Policies.readNotifications)
  @ApiOkResponse({
    description: "The patient's messages (all kinds) at the caller's sites and their delivery status",
    schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/NotificationDto' } } } },
  })
  notifications(@Param('id') id: string): Promise<{ items: NotificationDto[] }> {
    return this.upstream.call('notification', 'GET', `/patients/${encodeURIComponent(id)}/notifications`);
  }
}
