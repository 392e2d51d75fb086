import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { JoinWaitlistRequest, WaitlistQuery } from '@clinic-flow/contracts';
import { WaitlistService } from './waitlist.service';

@Controller('waitlist')
export class WaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  @Post()
  @Roles(...Policies.manageWaitlist)
  join(@Body() body: JoinWaitlistRequest, @CurrentUser() user: AuthUser) {
    return this.waitlist.join(body, user);
  }

  @Get()
  @Roles(...Policies.manageWaitlist)
  list(@Query() query: WaitlistQuery, @CurrentUser() user: AuthUser) {
    return this.waitlist.list(query.siteId, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...Policies.manageWaitlist)
  async remove(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.waitlist.remove(id, user);
  }

  @Post('offers/:offerId/accept')
  @Roles(...Policies.manageWaitlist)
  accept(@Param('offerId') offerId: string, @CurrentUser() user: AuthUser) {
    return this.waitlist.accept(offerId, user);
  }
}
