import { IsDateString, IsIn, IsNumber, IsOptional, IsPositive, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/**
 * A freed slot offered to the first matching waitlisted patient. With `holdMinutes` the offer
 * waits to be sent: its hold starts when the patient is told (notification.sent carries
 * `offerExpiresAt`), and it lapses at `sendBy` if the message has not gone out by then.
 */
export class WaitlistOfferMadeData {
  @IsString() entryId: string;
  @IsString() offerId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsString() providerId: string;
  @IsString() providerName: string;
  @IsString() appointmentTypeId: string;
  @IsString() appointmentTypeName: string;
  @IsDateString({ strict: true }) start: string;
  @IsDateString({ strict: true }) end: string;
  /** When the offer would lapse if its message went out at once (all a v1 consumer without `holdMinutes` knows). */
  @IsDateString({ strict: true }) expiresAt: string;
  /** How long the offer holds the slot once the patient is told. */
  @IsOptional() @IsNumber() @IsPositive() holdMinutes?: number;
  /** The offer lapses if its message has not gone out by then (the slot's start); no message is sent after it. */
  @IsOptional() @IsDateString({ strict: true }) sendBy?: string;
}

export const WaitlistOfferMadeV1 = defineEvent({
  type: 'waitlist.offer-made',
  version: 1,
  topic: Topics.waitlist,
  producer: 'scheduling',
  description: 'A slot that freed up is offered to a waitlisted patient until the offer expires.',
  data: WaitlistOfferMadeData,
});

export const OFFER_CLOSE_REASONS = ['lapsed', 'not-sent'] as const;
export type OfferCloseReason = (typeof OFFER_CLOSE_REASONS)[number];

export class WaitlistOfferClosedData {
  @IsString() entryId: string;
  @IsString() offerId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  /** The appointment booked from the offer; absent when the offer expired or was declined. */
  @IsOptional() @IsString() appointmentId?: string;
  @IsDateString({ strict: true }) closedAt: string;
  /** Why an offer closed unaccepted: `lapsed` (its time ran out) or `not-sent` (the patient could not be told). */
  @IsOptional() @IsIn(OFFER_CLOSE_REASONS) reason?: OfferCloseReason;
}

export const WaitlistOfferAcceptedV1 = defineEvent({
  type: 'waitlist.offer-accepted',
  version: 1,
  topic: Topics.waitlist,
  producer: 'scheduling',
  description: 'The offered slot was booked for the waitlisted patient; the entry is fulfilled.',
  data: WaitlistOfferClosedData,
});

export const WaitlistOfferExpiredV1 = defineEvent({
  type: 'waitlist.offer-expired',
  version: 1,
  topic: Topics.waitlist,
  producer: 'scheduling',
  description: 'An offer lapsed unanswered, or its message could not be sent; the slot goes to the next matching patient.',
  data: WaitlistOfferClosedData,
});
