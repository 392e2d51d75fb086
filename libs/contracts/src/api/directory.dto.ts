import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from './common.dto';

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
  @ApiProperty({ example: 'physician' }) role: string;
  @ApiProperty() specialty: string;
  @ApiProperty({ type: [String] }) siteIds: string[];
}

export class ProvidersQuery extends PageQuery {
  @ApiProperty({ required: false, example: 'site-downtown' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}
