import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

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
