import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { AppointmentsQuery, BookAppointmentRequest, CancelAppointmentRequest, RescheduleAppointmentRequest } from '@clinic-flow/contracts';
import { AppointmentsService } from './appointments.service';
import { LifecycleService } from './lifecycle.service';
import { RescheduleService } from './reschedule.service';

@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly lifecycle: LifecycleService,
    private readonly rescheduling: RescheduleService,
  ) {}

  @Post()
  @Roles(...Policies.bookAppointment)
  book(@Body() body: BookAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.appointments.book(body, user);
  }

  @Get()
  @Roles(...Policies.readAppointment)
  list(@Query() query: AppointmentsQuery, @CurrentUser() user: AuthUser) {
    return this.appointments.listForPatient(query.patientId, user, query);
  }

  @Get(':id')
  @Roles(...Policies.readAppointment)
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.appointments.get(id, user);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  confirm(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.confirm(id, user);
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  checkIn(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.checkIn(id, user);
  }

  @Post(':id/check-out')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  checkOut(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.checkOut(id, user);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  noShow(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.lifecycle.markNoShow(id, user);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...Policies.cancelAppointment)
  cancel(@Param('id') id: string, @Body() body: CancelAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.lifecycle.cancel(id, body, user);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles(...Policies.updateAppointment)
  reschedule(@Param('id') id: string, @Body() body: RescheduleAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.rescheduling.reschedule(id, body, user);
  }
}
