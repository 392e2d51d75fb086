import { Schema } from 'mongoose';
import { Role, ROLES } from '@clinic-flow/auth';

/** Staff accounts: who may log in, with which roles, at which sites. */
export interface UserRecord {
  _id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  siteIds: string[];
  active: boolean;
  createdAt: Date;
}

export const UserSchema = new Schema<UserRecord>(
  {
    _id: String,
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    siteIds: { type: [String], required: true },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
