import { IsBoolean, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Encounters: a visit's charges, drafted at checkout, coded by the provider or a coder, and made
 * ready to claim. Subject (Kafka key) = the patient id, so one patient's encounters (and, later,
 * claims) stay in order. Ids, status, counts and amounts only: never diagnoses or procedure codes
 * (clinical, like authorizations' events) and never the patient's name, date of birth or address;
 * billing's own modules read the encounter itself, others its API (audited).
 */

export const ENCOUNTER_STATUSES = ['draft', 'coded', 'ready'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

export class EncounterData {
  @IsString() encounterId: string;
  @IsString() appointmentId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() providerId: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
  /** YYYY-MM-DD at the site. */
  @IsString() dateOfService: string;
  @IsIn(ENCOUNTER_STATUSES) status: EncounterStatus;
  @IsInt() diagnosisCount: number;
  @IsInt() lineCount: number;
  /** Sum of the lines' charges, integer cents. */
  @IsInt() totalChargeCents: number;
  /** Some line carries a placeholder code (not to bill a payer with). */
  @IsBoolean() placeholder: boolean;
  /** Who made the change (a user id, or service:<reason>). */
  @IsString() changedBy: string;
}

export const EncounterDraftedV1 = defineEvent({
  type: 'encounter.drafted',
  version: 1,
  topic: Topics.encounters,
  producer: 'billing',
  description: "A checked-out visit's draft encounter: the appointment type's default charge lines, priced from the site's fee schedule on the date of service.",
  data: EncounterData,
});

export const EncounterCodedV1 = defineEvent({
  type: 'encounter.coded',
  version: 1,
  topic: Topics.encounters,
  producer: 'billing',
  description: "An encounter's diagnoses or procedure lines were set (status coded once it has diagnoses and lines that all point at them).",
  data: EncounterData,
});

export const EncounterReadyV1 = defineEvent({
  type: 'encounter.ready',
  version: 1,
  topic: Topics.encounters,
  producer: 'billing',
  description: 'A coder signed the coded encounter off: ready to be claimed.',
  data: EncounterData,
});

export const EncounterReopenedV1 = defineEvent({
  type: 'encounter.reopened',
  version: 1,
  topic: Topics.encounters,
  producer: 'billing',
  description: 'A coder re-opened a signed-off encounter to correct its coding (status back to coded, a note kept on the encounter, not in the event); signed off again, it feeds the claim\'s replacement.',
  data: EncounterData,
});
