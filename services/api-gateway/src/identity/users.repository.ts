import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { InjectConnection } from '@clinic-flow/platform';
import { UserRecord, UserSchema } from './users.schema';

@Injectable()
export class UsersRepository {
  private readonly users: Model<UserRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.users = connection.model<UserRecord>('User', UserSchema, 'users');
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.users.findOne({ email: email.toLowerCase() }).lean<UserRecord>();
  }

  async exists(email: string): Promise<boolean> {
    return (await this.users.exists({ email: email.toLowerCase() })) !== null;
  }

  /** Creates the user unless one with that email exists (seeding keeps earlier data). */
  async insertIfMissing(user: UserRecord): Promise<void> {
    await this.users.updateOne({ email: user.email }, { $setOnInsert: user }, { upsert: true });
  }
}
