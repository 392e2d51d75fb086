import { Schema } from 'mongoose';
import { CHANNELS, PolicyScope } from '@clinic-flow/contracts';
import type { QuietHours, ReminderStep } from './policies.rules';

/** One level of the reminder policy: `default`, `site:<id>` or `appointment-type:<id>`. */
export interface ReminderPolicyRecord {
  _id: string;
  scope: PolicyScope;
  scopeId?: string;
  steps?: ReminderStep[];
  quietHours?: QuietHours | null;
  updatedBy: string;
  updatedAt: Date;
}

export const policyKey = (scope: PolicyScope, scopeId?: string) => (scope === 'default' ? 'default' : `${scope}:${scopeId}`);

export const ReminderPolicySchema = new Schema<ReminderPolicyRecord>(
  {
    _id: String,
    scope: { type: String, required: true },
    scopeId: String,
    steps: { type: [new Schema({ offset: String, channel: { type: String, enum: CHANNELS } }, { _id: false })], default: undefined },
    quietHours: { type: new Schema({ start: String, end: String }, { _id: false }), default: undefined },
    updatedBy: String,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);
