import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import {
  AppointmentDto,
  AppointmentsQuery,
  BookAppointmentRequest,
  CancelAppointmentRequest,
  ListResponse,
  NotificationDto,
  ProblemDetailsDto,
  RescheduleAppointmentRequest,
} from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { assertPatientExists } from './patient-check';
import { query } from './query';

const TRANSITION_409 = 'APPOINTMENT.INVALID_TRANSITION: not allowed from the current status';

@ApiTags('appointments')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('appointments')
export class AppointmentsRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  @Roles(...Policies.bookAppointment)
  @ApiOperation({ summary: 'Book an appointment of a type with a provider at a site (office managers may overbook with a reason)' })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.SLOT_TAKEN | ROOM_TAKEN | PATIENT_OVERLAP' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetailsDto,
    description: 'APPOINTMENT.UNKNOWN_PATIENT | UNKNOWN_TYPE | OUTSIDE_AVAILABILITY | LEAD_TIME | BEYOND_HORIZON | START_IN_PAST | OFF_GRID | ...',
  })
  async book(@Body() body: BookAppointmentRequest): Promise<AppointmentDto> {
    // Scheduling does not read patient records: the gateway checks the patient with its owner.
    await assertPatientExists(this.upstream, body.patientId, 'APPOINTMENT.UNKNOWN_PATIENT');
    return this.upstream.call('scheduling', 'POST', '/appointments', body);
  }

  @Get()
  @Roles(...Policies.readAppointment)
  @ApiOperation({ summary: "A patient's appointments at the caller's sites, latest first" })
  @ApiOkResponse({ description: 'Appointments', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/AppointmentDto' } } } } })
  list(@Query() q: AppointmentsQuery): Promise<ListResponse<AppointmentDto>> {
    return this.upstream.call('scheduling', 'GET', `/appointments${query(q)}`);
  }

  @Get(':id')
  @Roles(...Policies.readAppointment)
  @ApiOperation({ summary: 'An appointment with its history (times in the site time zone)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'GET', `/appointments/${encodeURIComponent(id)}`);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'booked → confirmed (staff)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  confirm(@Param('id') id: string): Promise<AppointmentDto> {
    return this.action(id, 'confirm');
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'booked/confirmed → checked-in (from 4 hours before the start)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.TOO_EARLY_TO_CHECK_IN' })
  checkIn(@Param('id') id: string): Promise<AppointmentDto> {
    return this.action(id, 'check-in');
  }

  @Post(':id/check-out')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'checked-in → completed (check-out; follow-ups and recalls start here)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  checkOut(@Param('id') id: string): Promise<AppointmentDto> {
    return this.action(id, 'check-out');
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'booked/confirmed → no-show, once started (also marked automatically NO_SHOW_AFTER_MINUTES after the start)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.NOT_STARTED' })
  noShow(@Param('id') id: string): Promise<AppointmentDto> {
    return this.action(id, 'no-show');
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...Policies.cancelAppointment)
  @ApiOperation({ summary: 'booked/confirmed → cancelled, by the patient (default) or the clinic' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  cancel(@Param('id') id: string, @Body() body: CancelAppointmentRequest): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'POST', `/appointments/${encodeURIComponent(id)}/cancel`, body);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'Move to another time and/or provider of the site: same id, history kept, a confirmed appointment needs confirming again' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: `${TRANSITION_409}; APPOINTMENT.SLOT_TAKEN | ROOM_TAKEN | PATIENT_OVERLAP` })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'The booking rules of the new time, APPOINTMENT.SAME_SLOT' })
  reschedule(@Param('id') id: string, @Body() body: RescheduleAppointmentRequest): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'POST', `/appointments/${encodeURIComponent(id)}/reschedule`, body);
  }

  @Get(':id/notifications')
  @Roles(...Policies.readNotifications)
  @ApiOkResponse({ description: 'Reminders of the appointment and their delivery status', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/NotificationDto' } } } } })
  notifications(@Param('id') id: string): Promise<{ items: NotificationDto[] }> {
    return this.upstream.call('notification', 'GET', `/appointments/${encodeURIComponent(id)}/notifications`);
  }

  private action(id: string, action: 'confirm' | 'check-in' | 'check-out' | 'no-show'): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'POST', `/appointments/${encodeURIComponent(id)}/${action}`, {});
  }
}
