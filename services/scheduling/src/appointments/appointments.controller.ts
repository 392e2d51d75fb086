import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, AppointmentDto, AppointmentsQuery, BookAppointmentRequest, CancelAppointmentRequest, ProblemDetailsDto, RescheduleAppointmentRequest } from '@clinic-flow/contracts';
import { AuthorizationGate } from '../insurance/authorization-gate';
import { PatientCheck } from '../patients/patient-check';
import { AppointmentsService } from './appointments.service';
import { IdempotentBooking } from './idempotent-booking.service';
import { LifecycleService } from './lifecycle.service';
import { RescheduleService } from './reschedule.service';
import { AuditPatientData } from '@clinic-flow/audit';

const TRANSITION_409 = 'APPOINTMENT.INVALID_TRANSITION: not allowed from the current status';

@ApiTags('appointments')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly lifecycle: LifecycleService,
    private readonly rescheduling: RescheduleService,
    private readonly patients: PatientCheck,
    private readonly authorizationGate: AuthorizationGate,
    private readonly idempotentBooking: IdempotentBooking,
  ) {}

  @Post()
  @Roles(...Policies.bookAppointment)
  @ApiOperation({ summary: 'Book an appointment of a type with a provider at a site (office managers may overbook with a reason)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$', example: '8e03978e-40d5-43e8-bc93-6894a57f9324' },
    description:
      'Makes a retry safe (1-255 visible ASCII characters, e.g. a UUID): the same key and request from the same user book at most once, and a repeat answers ' +
      'the first outcome (201, the appointment as booked, header Idempotent-Replayed: true) for 24 hours. Send it again after a 5xx or no answer.',
  })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Validation; IDEMPOTENCY.KEY_INVALID' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.SLOT_TAKEN | ROOM_TAKEN | PATIENT_OVERLAP | AUTHORIZATION_REQUIRED (the primary payer blocks this visit without a prior authorization)' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetailsDto,
    description:
      'APPOINTMENT.UNKNOWN_PATIENT | UNKNOWN_TYPE | OUTSIDE_AVAILABILITY | LEAD_TIME | BEYOND_HORIZON | START_IN_PAST | OFF_GRID | ...; ' +
      'IDEMPOTENCY.KEY_REUSED (the key booked a different request) | IDEMPOTENCY.KEY_EXPIRED (used more than 24 hours ago)',
  })
  async book(@Body() body: BookAppointmentRequest, @CurrentUser() user: AuthUser, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const outcome = await this.idempotentBooking.book(body, user, key, async () => {
      await this.patients.assertExists(body.patientId, 'APPOINTMENT.UNKNOWN_PATIENT');
      await this.authorizationGate.assertBookable(body);
    });
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome.appointment;
  }

  @Get()
  @Roles(...Policies.readAppointment)
  @ApiOperation({ summary: "A patient's appointments at the caller's sites, latest first" })
  @ApiListResponse(AppointmentDto, 'Appointments')
  list(@Query() query: AppointmentsQuery, @CurrentUser() user: AuthUser) {
    return this.appointments.listForPatient(query.patientId, user, query);
  }

  @Get(':id')
  @Roles(...Policies.readAppointment)
  @ApiOperation({ summary: 'An appointment with its history (times in the site time zone)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.appointments.get(id, user);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'booked → confirmed (staff)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  confirm(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.confirm(id, user);
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'booked/confirmed → checked-in (from 4 hours before the start)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.TOO_EARLY_TO_CHECK_IN' })
  checkIn(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.checkIn(id, user);
  }

  @Post(':id/check-out')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'checked-in → completed (check-out; follow-ups and recalls start here)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  checkOut(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.checkOut(id, user);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'booked/confirmed → no-show, once started (also marked automatically NO_SHOW_AFTER_MINUTES after the start)' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'APPOINTMENT.NOT_STARTED' })
  noShow(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.markNoShow(id, user);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...Policies.cancelAppointment)
  @ApiOperation({ summary: 'booked/confirmed → cancelled, by the patient (default) or the clinic' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: TRANSITION_409 })
  cancel(@Param('id') id: string, @Body() body: CancelAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.lifecycle.cancel(id, body, user);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  @ApiOperation({ summary: 'Move to another time and/or provider of the site: same id, history kept, a confirmed appointment needs confirming again' })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: `${TRANSITION_409}; APPOINTMENT.SLOT_TAKEN | ROOM_TAKEN | PATIENT_OVERLAP` })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'The booking rules of the new time, APPOINTMENT.SAME_SLOT' })
  reschedule(@Param('id') id: string, @Body() body: RescheduleAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.rescheduling.reschedule(id, body, user);
  }
}
