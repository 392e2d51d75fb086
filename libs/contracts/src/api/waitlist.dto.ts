import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ISO_DATE } from '../common';

export const WAITLIST_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'removed'] as const;
export type WaitlistEntryStatus = (typeof WAITLIST_ENTRY_STATUSES)[number];

/** `waiting-to-send`: made, its message not sent yet (the hold has not started); `open`: the patient was told, held until `expiresAt`. */
export const WAITLIST_OFFER_STATUSES = ['waiting-to-send', 'open', 'accepted', 'expired'] as const;
export type WaitlistOfferStatus = (typeof WAITLIST_OFFER_STATUSES)[number];

export class JoinWaitlistRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) patientId: string;
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ example: 'follow-up' }) @IsString() @MinLength(1) @MaxLength(100) appointmentTypeId: string;
  @ApiProperty({ required: false, description: 'Only this provider; default: any provider of the site' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  providerId?: string;
  @ApiProperty({ example: '2026-12-01', description: "First acceptable day (site's zone)" }) @Matches(ISO_DATE, { message: 'from must be YYYY-MM-DD' }) from: string;
  @ApiProperty({ example: '2026-12-14', description: "Last acceptable day (site's zone), inclusive" }) @Matches(ISO_DATE, { message: 'to must be YYYY-MM-DD' }) to: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class WaitlistQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
}

export class WaitlistOfferDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: WAITLIST_OFFER_STATUSES }) status: WaitlistOfferStatus;
  @ApiProperty() providerId: string;
  @ApiProperty() appointmentTypeId: string;
  @ApiProperty({ description: "ISO-8601 in the site's zone" }) start: string;
  @ApiProperty() end: string;
  @ApiProperty({ required: false, description: 'When the hold ends; set once the patient was told (status open and after)' }) expiresAt?: string;
  @ApiProperty({ required: false, description: 'When the offer message went out' }) sentAt?: string;
  @ApiProperty({ required: false, description: 'While waiting to be sent: the offer lapses at this time if its message has not gone out' }) sendBy?: string;
  @ApiProperty({ required: false, description: 'How long the offer holds the slot once the patient is told' }) holdMinutes?: number;
  @ApiProperty({ required: false, description: 'Why it closed unaccepted: lapsed, or not-sent (the patient could not be told)' }) closeReason?: string;
  @ApiProperty({ required: false }) appointmentId?: string;
}

export class WaitlistEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() appointmentTypeId: string;
  @ApiProperty({ required: false }) providerId?: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: WAITLIST_ENTRY_STATUSES }) status: WaitlistEntryStatus;
  @ApiProperty({ required: false }) note?: string;
  @ApiProperty({ required: false, type: WaitlistOfferDto, description: 'The latest offer made to this entry' }) offer?: WaitlistOfferDto;
  @ApiProperty() createdAt: string;
}
