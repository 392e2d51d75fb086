import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DENIAL_OUTCOMES, DenialOutcome } from '../events/claim.events';

/** POST /claims: a claim from a ready encounter (primary payer). */
export class CreateClaimRequest {
  @ApiProperty({ example: 'enc-appt-123' }) @IsString() @MinLength(1) @MaxLength(200) encounterId: string;
  @ApiProperty({
    required: false, example: 'CLMHX2K9A1B2C',
    description: 'Our claim id (CLM01, 2-20 of A-Z 0-9 -); made up when absent. Send the id a scrubber refusal named again after overriding a finding, or to finish a create that was cut off.',
  })
  @IsOptional() @Matches(/^[A-Z0-9][A-Z0-9-]{1,19}$/, { message: 'claimId must be 2-20 upper-case letters, digits or dashes' })
  claimId?: string;
}

/** POST /remittances: an 835 file uploaded by hand (posted like the clearinghouse's). */
export class UploadRemittanceRequest {
  @ApiProperty({ description: 'The X12 835 interchange text (ISA...IEA)' }) @IsString() @MinLength(106) @MaxLength(20_000_000) x12: string;
}

export class DenialsQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MaxLength(100) siteId: string;
}

/** POST /claims/{claimId}/denials/{denialId}/close: a denied line worked off the queue. */
export class CloseDenialRequest {
  @ApiProperty({
    enum: DENIAL_OUTCOMES,
    description: "appealed: the amount stays billed to the payer while the appeal runs; written-off: a `denial` write-off of the denied amount from insurance's part; corrected: the claim was replaced or voided (POST /claims/{id}/replace), whose reversal takes the charges back",
  })
  @IsIn(DENIAL_OUTCOMES) outcome: DenialOutcome;
  @ApiProperty({ example: 'Appeal sent with the operative note, ref APL-2231', description: 'Why, for whoever reads the claim next (10-1000 characters)' })
  @IsString() @MinLength(10, { message: 'note must say why, in 10 characters or more' }) @MaxLength(1000) note: string;
}
