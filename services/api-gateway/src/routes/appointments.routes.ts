import { Body, Controller, Get, HttpCode, HttpException, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import {
  AppointmentDto,
  BookAppointmentRequest,
  CancelAppointmentRequest,
  NotificationDto,
  PatientDto,
  ProblemDetailsDto,
} from '@clinic-flow/contracts';
import { unprocessable } from '@clinic-flow/platform';
import { UpstreamClient } from '../upstream/upstream.client';

@ApiTags('appointments')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('appointments')
export class AppointmentsRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  @Roles(...Policies.bookAppointment)
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.SLOT_TAKEN: the provider is already booked then' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto })
  async book(@Body() body: BookAppointmentRequest): Promise<AppointmentDto> {
    // Scheduling does not read patient records: the gateway checks the patient with its owner.
    await this.upstream.call<PatientDto>('patient-records', 'GET', `/patients/${encodeURIComponent(body.patientId)}`).catch((error: unknown) => {
      if (error instanceof HttpException && error.getStatus() === 404) {
        throw unprocessable('APPOINTMENT.UNKNOWN_PATIENT', `There is no patient ${body.patientId}.`);
      }
      throw error;
    });
    return this.upstream.call('scheduling', 'POST', '/appointments', body);
  }

  @Get(':id')
  @Roles(...Policies.readAppointment)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'GET', `/appointments/${encodeURIComponent(id)}`);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...Policies.cancelAppointment)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.INVALID_TRANSITION' })
  cancel(@Param('id') id: string, @Body() body: CancelAppointmentRequest): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'POST', `/appointments/${encodeURIComponent(id)}/cancel`, body);
  }

  @Get(':id/notifications')
  @Roles(...Policies.readNotifications)
  @ApiOkResponse({ description: 'Reminders of the appointment and their delivery status', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/NotificationDto' } } } } })
  notifications(@Param('id') id: string): Promise<{ items: NotificationDto[] }> {
    return this.upstream.call('notification', 'GET', `/appointments/${encodeURIComponent(id)}/notifications`);
  }
}
