import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_USERS } from '@clinic-flow/demo-data';
import { APP_CONFIG } from '@clinic-flow/platform';
import type { NotificationConfig } from '../config';
import { StaffDirectory } from './staff.repository';

/**
 * The demo accounts (SEED_DEMO_DATA): the gateway seeds them without account events, so the
 * directory learns them from the same list, as of the epoch, so any later event about one wins.
 * Their gateway ids are not known here; they are told by email, which is what the directory needs.
 */
@Injectable()
export class DemoStaffSeed implements OnApplicationBootstrap {
  constructor(
    private readonly directory: StaffDirectory,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_DATA) return;
    for (const user of DEMO_USERS) {
      await this.directory.rememberIfMissing({ _id: user.email, userId: `demo:${user.email}`, name: user.name, roles: user.roles, siteIds: user.siteIds, status: 'active', asOf: new Date(0) });
    }
  }
}
