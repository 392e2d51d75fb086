import { Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { officeManagersOf } from './staff.rules';

/** A staff account as the gateway announced it (clinic.identity.user.v1): who to tell about what happens at a site. */
export interface StaffMemberRow {
  /** The account's email, lower case: unique per account and never changed, so a demo account and its events meet here. */
  _id: string;
  userId: string;
  name: string;
  roles: string[];
  siteIds: string[];
  status: 'active' | 'deactivated';
  asOf: Date;
}

const StaffMemberSchema = new Schema<StaffMemberRow>(
  { _id: String, userId: String, name: String, roles: [String], siteIds: [String], status: String, asOf: Date },
  { versionKey: false },
);

/**
 * The only code that touches `staff_directory`: notification's copy of the staff accounts, kept from
 * the gateway's user events (last change wins). Small (a network's staff), so the office managers
 * of a site are found by reading it whole.
 */
@Injectable()
export class StaffDirectory {
  private readonly staff: ProjectionStore<StaffMemberRow>;
  private readonly model: Model<StaffMemberRow>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks) {
    this.staff = new ProjectionStore<StaffMemberRow>(connection, locks, { name: 'StaffMember', collection: 'staff_directory', schema: StaffMemberSchema });
    this.model = connection.model<StaffMemberRow>('StaffMember');
  }

  remember(member: StaffMemberRow): Promise<boolean> {
    return this.staff.upsertIfNewer({ ...member, _id: member._id.toLowerCase() });
  }

  /** Adds an account unless the directory has it already (the demo accounts, which the gateway seeds without events). */
  async rememberIfMissing(member: StaffMemberRow): Promise<void> {
    if (await this.staff.findById(member._id.toLowerCase())) return;
    await this.remember(member);
  }

  /** The active office managers of any of these sites (staff.rules.ts), by email. */
  async officeManagersOf(siteIds: readonly string[]): Promise<StaffMemberRow[]> {
    return officeManagersOf(await this.model.find({}).lean<StaffMemberRow[]>(), siteIds);
  }
}
