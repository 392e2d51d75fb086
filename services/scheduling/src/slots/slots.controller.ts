import { Controller, Get, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { FirstAvailableQuery, SlotsQuery } from '@clinic-flow/contracts';
import { SlotsService } from './slots.service';

@Controller('slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Get()
  @Roles(...Policies.searchSlots)
  search(@Query() query: SlotsQuery, @CurrentUser() user: AuthUser) {
    return this.slots.search(query, user);
  }

  @Get('first-available')
  @Roles(...Policies.searchSlots)
  firstAvailable(@Query() query: FirstAvailableQuery, @CurrentUser() user: AuthUser) {
    return this.slots.firstAvailable(query, user);
  }
}
