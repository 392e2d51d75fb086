import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { ClaimFilingIndicator, PayerRequirement, PlanKind } from '@clinic-flow/contracts';

/** Visits of these appointment types, or with any of these procedure codes, need a referral or an authorization; neither named: every visit. */
export interface PayerRuleRecord {
  requirement: PayerRequirement;
  appointmentTypeIds: string[];
  procedureCodes: string[];
  note?: string;
}

export interface PlanRecord {
  id: string;
  name: string;
  kind: PlanKind;
  rules: PayerRuleRecord[];
}

/** An insurance payer: network-wide reference data (every site bills the same payers). */
export interface PayerRecord extends AggregateRoot {
  name: string;
  ediPayerId: string;
  receiverId: string;
  claimFilingIndicator: ClaimFilingIndicator;
  timelyFilingDays: number;
  memberIdPattern?: string;
  blockWithoutAuthorization: boolean;
  rules: PayerRuleRecord[];
  plans: PlanRecord[];
  active: boolean;
}

const RuleSchema = new Schema<PayerRuleRecord>(
  { requirement: { type: String, required: true }, appointmentTypeIds: { type: [String], default: [] }, procedureCodes: { type: [String], default: [] }, note: String },
  { _id: false },
);

export const PayerSchema = new Schema<PayerRecord>(
  {
    _id: String,
    name: { type: String, required: true },
    ediPayerId: { type: String, required: true },
    receiverId: { type: String, required: true },
    claimFilingIndicator: { type: String, required: true },
    timelyFilingDays: { type: Number, required: true },
    memberIdPattern: { type: String, default: undefined },
    blockWithoutAuthorization: { type: Boolean, default: false },
    rules: { type: [RuleSchema], default: [] },
    plans: { type: [new Schema<PlanRecord>({ id: String, name: String, kind: String, rules: { type: [RuleSchema], default: [] } }, { _id: false })], default: [] },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);
