import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class BreakGlassRequest {
  @ApiProperty({ minLength: 10, maxLength: 500, example: 'Patient collapsed in the Riverside waiting room; need allergies and medications now' })
  @IsString()
  @MinLength(10)
  @MaxLength(500)
  reason: string;
}

/** One break-the-glass access: who opened which record, why, and until when. */
export class BreakGlassDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() mrn: string;
  @ApiProperty({ type: [String], description: "The patient's sites at the time (registering site first)" }) patientSiteIds: string[];
  @ApiProperty() userId: string;
  @ApiProperty() userName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String] }) userSiteIds: string[];
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'date-time' }) until: string;
}

export class BreakGlassListQuery {
  @ApiProperty({ example: 'site-downtown', description: "Accesses to patients of this site (registered or cared for there); one of the caller's sites" })
  @IsString()
  @MinLength(1)
  siteId: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}
