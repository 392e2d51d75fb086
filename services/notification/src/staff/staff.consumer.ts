import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, UserAccountData, UserChangedV1, UserCreatedV1, UserDeactivatedV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { StaffDirectory } from './staff.repository';

/** Keeps the staff directory from the gateway's account events: created, changed (roles, sites, name), deactivated. */
@Controller()
export class StaffConsumer {
  constructor(private readonly directory: StaffDirectory) {}

  @OnEvent(UserCreatedV1)
  onCreated(@Payload() event: EventEnvelope<UserAccountData>): Promise<void> {
    return this.remember(event);
  }

  @OnEvent(UserChangedV1)
  onChanged(@Payload() event: EventEnvelope<UserAccountData>): Promise<void> {
    return this.remember(event);
  }

  @OnEvent(UserDeactivatedV1)
  onDeactivated(@Payload() event: EventEnvelope<UserAccountData>): Promise<void> {
    return this.remember(event);
  }

  private async remember(event: EventEnvelope<UserAccountData>): Promise<void> {
    const u = event.data;
    await this.directory.remember({ _id: u.email, userId: u.userId, name: u.name, roles: u.roles, siteIds: u.siteIds, status: u.status, asOf: new Date(event.time) });
  }
}
