import { IsDateString, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/** A freed slot offered to the first matching waitlisted patient, until `expiresAt`. */
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
  @IsDateString({ strict: true }) expiresAt: string;
}

export const WaitlistOfferMadeV1 = defineEvent({
  type: 'waitlist.offer-made',
  version: 1,
  topic: Topics.waitlist,
  producer: 'scheduling',
  description: 'A slot that freed up is offered to a waitlisted patient until the offer expires.',
  data: WaitlistOfferMadeData,
});

export class WaitlistOfferClosedData {
  @IsString() entryId: string;
  @IsString() offerId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  /** The appointment booked from the offer; absent when the offer expired or was declined. */
  @IsOptional() @IsString() appointmentId?: string;
  @IsDateString({ strict: true }) closedAt: string;
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
  description: 'An offer lapsed unanswered; the slot goes to the next matching patient.',
  data: WaitlistOfferClosedData,
});
