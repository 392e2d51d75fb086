import { IsArray, IsBoolean, IsInt, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Insurance payers: network-wide reference data owned by the insurance service. Subject = our payer
 * id. Events carry what other services need to follow them (billing: claim filing indicator and
 * timely filing; scheduling: which visits need a referral or an authorization is asked of insurance).
 */

export class PayerData {
  @IsString() payerId: string;
  @IsString() name: string;
  /** The payer's EDI id (NM109 with PI). */
  @IsString() ediPayerId: string;
  /** Who receives our interchanges for this payer (ISA08). */
  @IsString() receiverId: string;
  /** X12 claim filing indicator (SBR09), e.g. CI commercial, MB Medicare Part B, HM HMO. */
  @IsString() claimFilingIndicator: string;
  @IsInt() timelyFilingDays: number;
  @IsArray() @IsString({ each: true }) planIds: string[];
  @IsBoolean() active: boolean;
  /** Who made the change (a user id, or service:<reason>). */
  @IsString() changedBy: string;
}

export class PayerChangedData extends PayerData {
  /** Names of the fields that changed (plans and rules included). */
  @IsArray() @IsString({ each: true }) changedFields: string[];
}

export const PayerRegisteredV1 = defineEvent({
  type: 'payer.registered',
  version: 1,
  topic: Topics.payers,
  producer: 'insurance',
  description: 'An insurance payer was registered with its plans and referral / prior-authorization rules.',
  data: PayerData,
});

export const PayerChangedV1 = defineEvent({
  type: 'payer.changed',
  version: 1,
  topic: Topics.payers,
  producer: 'insurance',
  description: "A payer's identifiers, filing limits, plans or rules changed (or it was deactivated).",
  data: PayerChangedData,
});
