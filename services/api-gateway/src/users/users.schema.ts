import { Schema } from 'mongoose';
import { Role, ROLES } from '@clinic-flow/auth';

/** One recorded change of an account (who, when, what): the account keeps its own history. */
export interface UserHistoryEntry {
  action: 'created' | 'changed' | 'deactivated';
  by: string;
  at: Date;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  reason?: string;
}

/** Staff accounts: who may log in, with which roles, at which sites. Network-wide (one person may work at several sites). */
export interface UserRecord {
  _id: string;
  version: number;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  siteIds: string[];
  active: boolean;
  createdAt: Date;
  createdBy?: string;
  deactivatedAt?: Date;
  /**
   * Access tokens issued before this instant (milliseconds since the epoch) are refused at the gateway:
   * set when the account is deactivated or its roles or sites change.
   */
  tokensValidAfter?: number;
  /** Base32 TOTP secret once enrolled and confirmed with a code. */
  totpSecret?: string;
  /** A secret handed out for enrolment, not yet confirmed with a code. */
  totpPendingSecret?: string;
  history?: UserHistoryEntry[];
}

export const UserSchema = new Schema<UserRecord>(
  {
    _id: String,
    version: { type: Number, default: 0 },
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    siteIds: { type: [String], required: true },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
    createdBy: String,
    deactivatedAt: Date,
    tokensValidAfter: Number,
    totpSecret: String,
    totpPendingSecret: String,
    history: { type: [Schema.Types.Mixed], default: undefined },
  },
  { versionKey: false },
);
