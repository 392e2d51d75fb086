import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { BookAppointmentRequest, CancelAppointmentRequest } from '@clinic-flow/contracts';
import { AppointmentsService } from './appointments.service';

@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Post()
  @Roles(...Policies.bookAppointment)
  book(@Body() body: BookAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.appointments.book(body, user);
  }

  @Get(':id')
  @Roles(...Policies.readAppointment)
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.appointments.get(id, user);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...Policies.cancelAppointment)
  cancel(@Param('id') id: string, @Body() body: CancelAppointmentRequest, @CurrentUser() user: AuthUser) {
    return this.appointments.cancel(id, body.reason, user);
  }
}
