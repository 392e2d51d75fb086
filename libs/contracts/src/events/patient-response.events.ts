import { IsDateString, IsIn, IsString } from 'class-validator';
import { ResponseVia, RESPONSE_VIAS } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

export const PATIENT_RESPONSE_ACTIONS = ['confirm', 'cancel'] as const;
export type PatientResponseAction = (typeof PATIENT_RESPONSE_ACTIONS)[number];

export class PatientResponseReceivedData {
  /** Unique per response; the same link clicked twice gives the same id (one response). */
  @IsString() responseId: string;
  @IsString() appointmentId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsIn(PATIENT_RESPONSE_ACTIONS) action: PatientResponseAction;
  @IsIn(RESPONSE_VIAS) via: ResponseVia;
  /** The message the patient answered. */
  @IsString() messageId: string;
  @IsDateString({ strict: true }) receivedAt: string;
}

export const PatientResponseReceivedV1 = defineEvent({
  type: 'patient-response.received',
  version: 1,
  topic: Topics.patientResponses,
  producer: 'notification',
  description: 'A patient asked to confirm or cancel an appointment from a message (signed link or SMS reply); scheduling applies it.',
  data: PatientResponseReceivedData,
});

/** A waitlisted patient took the slot offered to them, from the offer message's signed link. */
export class PatientOfferAcceptedData {
  /** Unique per response; the same link clicked twice gives the same id (one response). */
  @IsString() responseId: string;
  @IsString() offerId: string;
  @IsString() waitlistEntryId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsIn(RESPONSE_VIAS) via: ResponseVia;
  /** The offer message the patient answered. */
  @IsString() messageId: string;
  @IsDateString({ strict: true }) receivedAt: string;
}

export const PatientOfferAcceptedV1 = defineEvent({
  type: 'patient-response.offer-accepted',
  version: 1,
  topic: Topics.patientResponses,
  producer: 'notification',
  description: 'A waitlisted patient asked to take the slot offered to them (signed link); scheduling books it if the offer is still open.',
  data: PatientOfferAcceptedData,
});
