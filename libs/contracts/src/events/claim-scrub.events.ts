import { IsInt, IsString, Min } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * The claim scrubber's decisions that outlive one check, owned by billing. On the claims topic,
 * subject (Kafka key) = the patient id, as every claim event. Ids, rule and versions only: the
 * override's note (free text that may name clinical facts) stays sealed on billing's own record.
 */

export class ClaimScrubOverriddenData {
  @IsString() overrideId: string;
  @IsString() claimId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  /** The scrubber rule whose findings on this claim no longer block it, e.g. CF-TFL-001. */
  @IsString() ruleId: string;
  @IsInt() @Min(1) ruleVersion: number;
  /** The rule set the override was made under, e.g. 2026.12.1. */
  @IsString() ruleSetVersion: string;
  /** Who overrode (a billing coder or office manager). */
  @IsString() overriddenBy: string;
  /** ISO timestamp. */
  @IsString() overriddenAt: string;
}

export const ClaimScrubOverriddenV1 = defineEvent({
  type: 'claim.scrub-overridden',
  version: 1,
  topic: Topics.claims,
  producer: 'billing',
  description: "A scrubber rule's findings on a claim were overridden with a recorded note (who, when, why): they no longer block the claim.",
  data: ClaimScrubOverriddenData,
});
