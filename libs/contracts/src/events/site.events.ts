import { IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/** A site of the network came into being; services that need to know every site keep a list. */
export class SiteRegisteredData {
  @IsString() siteId: string;
  @IsString() name: string;
  /** IANA time zone of the site, e.g. America/New_York. */
  @IsString() timeZone: string;
  /** Postal address and phone of the site, for letterheads (optional: sites announced before they were carried have none). */
  @IsOptional() @IsString() address?: string;
  @IsOptional() @IsString() phone?: string;
}

export const SiteRegisteredV1 = defineEvent({
  type: 'site.registered',
  version: 1,
  topic: Topics.sites,
  producer: 'scheduling',
  description: 'A site of the network was registered (name, time zone, address and phone); network-wide changes need a user entitled to every site.',
  data: SiteRegisteredData,
});
