import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** A US address as a claim prints it (N3/N4). */
export class BillingAddressDto {
  @ApiProperty({ example: '120 Main St' }) @IsString() @MinLength(1) @MaxLength(55) line1: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(55) line2?: string;
  @ApiProperty({ example: 'Springfield' }) @IsString() @MinLength(2) @MaxLength(30) city: string;
  @ApiProperty({ example: 'IL' }) @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter code' }) state: string;
  @ApiProperty({ example: '627011234', description: 'ZIP+4 (nine digits, a claim needs them for the billing provider) or five digits' })
  @Matches(/^\d{5}(\d{4})?$/, { message: 'postalCode must be 5 or 9 digits' })
  postalCode: string;
}

/** The billing provider (837P loop 2010AA): who is paid. */
export class PutBillingProviderRequest {
  @ApiProperty({ example: 'Downtown Family Clinic LLC' }) @IsString() @MinLength(2) @MaxLength(60) organizationName: string;
  @ApiProperty({ example: '1234567893', description: 'Type 2 (organization) NPI: ten digits with a valid check digit' }) @Matches(/^\d{10}$/, { message: 'npi must be ten digits' }) npi: string;
  @ApiProperty({ example: '123456789', description: 'Tax id (EIN), nine digits' }) @Matches(/^\d{2}-?\d{7}$/, { message: 'tin must be an EIN (nine digits)' }) tin: string;
  @ApiProperty({ example: '207Q00000X', description: 'Health care provider taxonomy code (ten characters)' }) @Matches(/^[0-9]{3}[0-9A-Z]{6}X$/, { message: 'taxonomyCode must be a provider taxonomy code like 207Q00000X' }) taxonomyCode: string;
  @ApiProperty({ type: BillingAddressDto }) @IsDefined() @ValidateNested() @Type(() => BillingAddressDto) address: BillingAddressDto;
}

export class BillingProviderDto extends PutBillingProviderRequest {
  @ApiProperty({ description: 'The site it bills for, or "network" for the default of every site without its own' }) scope: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

/** A rendering provider (837P loop 2310B): scheduling's provider with the NPI a claim names. */
export class PutRenderingProviderRequest {
  @ApiProperty({ example: 'Ruiz' }) @IsString() @MinLength(1) @MaxLength(60) lastName: string;
  @ApiProperty({ example: 'Ana' }) @IsString() @MinLength(1) @MaxLength(35) firstName: string;
  @ApiProperty({ example: '1245319599', description: 'Type 1 (individual) NPI: ten digits with a valid check digit' }) @Matches(/^\d{10}$/, { message: 'npi must be ten digits' }) npi: string;
  @ApiProperty({ example: '207Q00000X' }) @Matches(/^[0-9]{3}[0-9A-Z]{6}X$/, { message: 'taxonomyCode must be a provider taxonomy code like 207Q00000X' }) taxonomyCode: string;
}

export class RenderingProviderDto extends PutRenderingProviderRequest {
  @ApiProperty({ example: 'prov-ana-ruiz' }) providerId: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}
