import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ISO_DATE } from '../common';

/** Run a site's eligibility batch now (the nightly one runs by itself). */
export class EligibilityBatchRequest {
  @ApiProperty({ example: 'site-downtown' })
  @IsString()
  @MaxLength(100)
  siteId: string;

  @ApiProperty({ required: false, example: '2026-12-02', description: "YYYY-MM-DD, the visits' date of service; default the site's next business day" })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'date must be a date as YYYY-MM-DD' })
  date?: string;

  @ApiProperty({
    required: false, example: 'again-1',
    description: "Which run of that site and date (default 'on-request'; the scheduled one is 'nightly'): the same site, date and run is the same batch, so asking twice runs it once",
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'run must be 1 to 40 lower-case letters, digits or dashes' })
  run?: string;
}

/** Checks of a batch by result (eligibility statuses). */
export class EligibilityBatchCountsDto {
  @ApiProperty() active: number;
  @ApiProperty() inactive: number;
  @ApiProperty({ name: 'needs-attention' }) 'needs-attention': number;
  @ApiProperty({ name: 'payer-unavailable' }) 'payer-unavailable': number;
}

export class EligibilityBatchDto {
  @ApiProperty() id: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ description: "The visits' date of service" }) date: string;
  @ApiProperty() run: string;
  @ApiProperty({ enum: ['planned', 'submitted', 'done'], description: 'planned: not sent yet; submitted: waiting for the 271s; done: every inquiry has a recorded check' }) status: string;
  @ApiProperty({ description: 'Open visits of the site on that date' }) visits: number;
  @ApiProperty({ description: 'Visits whose patient has no coverage in force on the date (nothing to check)' }) visitsWithoutCoverage: number;
  @ApiProperty({ description: 'Inquiries (one per visit and coverage in force)' }) inquiries: number;
  @ApiProperty({ description: 'Inquiries with a recorded check' }) recorded: number;
  @ApiProperty({ type: EligibilityBatchCountsDto }) counts: EligibilityBatchCountsDto;
  @ApiProperty({ required: false, description: "ISA13 of the batch's interchange" }) interchangeControlNumber?: string;
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ required: false }) submittedAt?: string;
  @ApiProperty({ required: false }) completedAt?: string;
}
