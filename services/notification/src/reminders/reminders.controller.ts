import { Controller, Get, Param } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { RemindersService } from './reminders.service';

@Controller('appointments')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get(':id/notifications')
  @Roles(...Policies.readNotifications)
  list(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reminders.listForAppointment(id, user);
  }
}
