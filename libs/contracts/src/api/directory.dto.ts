import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ISO_DATE, ProviderRole, PROVIDER_ROLES } from '../common';
import { PageQuery } from './common.dto';

/** `HH:mm` on a 24-hour clock; `24:00` ends a stretch at midnight. */
export const HH_MM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Ids chosen by people (e.g. `prov-ana-ruiz`, `follow-up`): lower case, digits and dashes. */
export const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

export class SiteDto {
  @ApiProperty({ example: 'site-downtown' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone: string;
  @ApiProperty() address: string;
  @ApiProperty() phone: string;
}

export class ProviderDto {
  @ApiProperty({ example: 'prov-ana-ruiz' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'physician', enum: PROVIDER_ROLES }) role: string;
  @ApiProperty() specialty: string;
  @ApiProperty({ type: [String] }) siteIds: string[];
  @ApiProperty({ required: false }) active?: boolean;
  @ApiProperty({ required: false, description: 'Sees patients by telehealth only' }) virtual?: boolean;
}

export class ProvidersQuery extends PageQuery {
  @ApiProperty({ required: false, example: 'site-downtown' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

export class OpeningHoursRowDto {
  @ApiProperty({ example: 1, description: 'ISO weekday, 1 = Monday ... 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '08:00', description: "HH:mm in the site's time zone" }) @Matches(HH_MM, { message: 'open must be HH:mm' }) open: string;
  @ApiProperty({ example: '18:00' }) @Matches(HH_MM, { message: 'close must be HH:mm (24:00 allowed)' }) close: string;
}

export class ClosureRowDto {
  @ApiProperty({ example: '2026-12-25' }) @Matches(ISO_DATE, { message: 'date must be YYYY-MM-DD' }) date: string;
  @ApiProperty({ example: 'Christmas Day' }) @IsString() @MinLength(1) @MaxLength(200) reason: string;
}

/**
 * When a site is open: in-person appointments must fit inside these hours and not fall on a closure
 * date; telehealth ignores them. No rows at all means no limit.
 */
export class SiteHoursDto {
  @ApiProperty({ type: [OpeningHoursRowDto] }) @IsArray() @ArrayMaxSize(70) @ValidateNested({ each: true }) @Type(() => OpeningHoursRowDto) openingHours: OpeningHoursRowDto[];
  @ApiProperty({ type: [ClosureRowDto] }) @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ClosureRowDto) closures: ClosureRowDto[];
}

export class UpdateSiteHoursRequest extends SiteHoursDto {
  @ApiProperty({ required: false, description: 'Save even if future appointments fall outside the new hours (they stay booked and are listed)' })
  @IsOptional()
  @IsBoolean()
  acknowledgeConflicts?: boolean;
}

/** An existing appointment that a calendar change leaves outside availability or opening hours. */
export class ScheduleConflictDto {
  @ApiProperty() appointmentId: string;
  @ApiProperty() providerId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ description: "ISO-8601 in the site's time zone" }) start: string;
  @ApiProperty() end: string;
}

export class SiteHoursResponse extends SiteHoursDto {
  @ApiProperty() siteId: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [ScheduleConflictDto], description: 'Appointments left outside the hours (only with acknowledgeConflicts)' }) conflicts: ScheduleConflictDto[];
}

export class CreateProviderRequest {
  @ApiProperty({ required: false, example: 'prov-jane-doe', description: 'Chosen id (slug); generated when absent' })
  @IsOptional()
  @Matches(SLUG, { message: 'id must be 3-64 lower-case letters, digits and dashes' })
  id?: string;

  @ApiProperty({ example: 'Dr. Jane Doe' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: PROVIDER_ROLES }) @IsIn(PROVIDER_ROLES) role: ProviderRole;
  @ApiProperty({ example: 'Family medicine' }) @IsString() @MaxLength(200) specialty: string;
  @ApiProperty({ type: [String], example: ['site-downtown'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) siteIds: string[];
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() virtual?: boolean;
}

export class UpdateProviderRequest {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiProperty({ required: false, enum: PROVIDER_ROLES }) @IsOptional() @IsIn(PROVIDER_ROLES) role?: ProviderRole;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(200) specialty?: string;
  @ApiProperty({ required: false, type: [String] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) siteIds?: string[];
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() virtual?: boolean;
  @ApiProperty({ required: false, description: 'Save even if upcoming appointments are at a site the provider leaves (or the provider is deactivated); they stay booked and are listed' })
  @IsOptional()
  @IsBoolean()
  acknowledgeConflicts?: boolean;
}

export class UpdateProviderResponse extends ProviderDto {
  @ApiProperty({ type: [ScheduleConflictDto], description: 'Upcoming appointments the change leaves without availability (only with acknowledgeConflicts)' }) conflicts: ScheduleConflictDto[];
}

export class RoomDto {
  @ApiProperty({ example: 'room-downtown-exam-1' }) id: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ example: 'Exam 1' }) name: string;
  @ApiProperty({ example: 'exam' }) kind: string;
  @ApiProperty() active: boolean;
}

export class RoomsQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
}

export class CreateRoomRequest {
  @ApiProperty({ required: false, description: 'Chosen id (slug); generated when absent' })
  @IsOptional()
  @Matches(SLUG, { message: 'id must be 3-64 lower-case letters, digits and dashes' })
  id?: string;

  @ApiProperty({ example: 'site-downtown' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ example: 'Exam 4' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ example: 'exam', description: 'What appointment types ask for' }) @Matches(SLUG, { message: 'kind must be a slug such as exam' }) kind: string;
}
