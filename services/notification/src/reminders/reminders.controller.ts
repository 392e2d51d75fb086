import { Controller, Get, Param } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { RemindersService } from './reminders.service';

/** Delivery status of messages, per appointment and per patient. */
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('appointments/:id/notifications')
  @Roles(...Policies.readNotifications)
  list(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reminders.listForAppointment(id, user);
  }

  @Get('patients/:id/notifications')
  @Roles(...Policies.readNotifications)
  listForPatient(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reminders.listForPatient(id, user);
  }
}
