import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE } from '../common';
import { ISO_DATE_TIME_WITH_OFFSET } from './common.dto';

export class SlotsQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ example: 'follow-up' }) @IsString() @MinLength(1) @MaxLength(100) appointmentTypeId: string;
  @ApiProperty({ example: '2026-12-01', description: "First local date (site's time zone)" }) @Matches(ISO_DATE, { message: 'from must be YYYY-MM-DD' }) from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last local date, included; at most 62 days after from' }) @Matches(ISO_DATE, { message: 'to must be YYYY-MM-DD' }) to: string;
  @ApiProperty({ required: false, example: 'prov-ana-ruiz' }) @IsOptional() @IsString() @MaxLength(100) providerId?: string;

  @ApiProperty({ required: false, default: 200, minimum: 1, maximum: 5000, description: 'Earliest slots returned; `total` counts them all' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit = 200;
}

export class FirstAvailableQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ example: 'urgent-care' }) @IsString() @MinLength(1) @MaxLength(100) appointmentTypeId: string;
  @ApiProperty({ required: false, example: 'prov-ana-ruiz' }) @IsOptional() @IsString() @MaxLength(100) providerId?: string;

  @ApiProperty({ required: false, example: '2026-12-01T08:00:00-05:00', description: 'Earliest start to consider (default now)' })
  @IsOptional()
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'after must be an ISO-8601 date-time with an offset' })
  after?: string;
}

export class SlotDto {
  @ApiProperty({ example: '2026-12-01T09:00:00-05:00', description: "In the site's time zone" }) start: string;
  @ApiProperty({ example: '2026-12-01T09:20:00-05:00' }) end: string;
  @ApiProperty() providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() siteId: string;
  @ApiProperty() appointmentTypeId: string;
}

export class SlotsResponse {
  @ApiProperty({ type: [SlotDto] }) items: SlotDto[];
  @ApiProperty({ description: 'All open slots in the range (items holds the first `limit`)' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty({ example: 'America/New_York' }) timeZone: string;
  @ApiProperty({ description: 'Providers searched' }) providers: number;
  @ApiProperty({ description: 'Time the scheduling service spent on the search, ms' }) searchMs: number;
}
