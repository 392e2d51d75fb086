import { Module } from '@nestjs/common';
import { SitesModule } from '@clinic-flow/visits';
import { MessagesModule } from '../messages/messages.module';
import { StaffModule } from '../staff/staff.module';
import { BreakGlassConsumer } from './break-glass.consumer';

/** Break-the-glass notices to the office managers of the patient's sites (issue 10). */
@Module({
  imports: [MessagesModule, StaffModule, SitesModule],
  controllers: [BreakGlassConsumer],
})
export class BreakGlassNoticesModule {}
