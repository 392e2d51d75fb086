import { Type } from 'class-transformer';
import { Allow, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Staff accounts, administered at the gateway (the identity owner). Subject = the user id, so one
 * account's changes stay in order. Events carry what a consumer needs to follow who works where
 * in which role, and who changed it; no password or second-factor material ever.
 */

/** The account as it is after the change. */
export class UserAccountData {
  @IsString() userId: string;
  @IsString() email: string;
  @IsString() name: string;
  @IsArray() @IsString({ each: true }) roles: string[];
  @IsArray() @IsString({ each: true }) siteIds: string[];
  @IsIn(['active', 'deactivated']) status: 'active' | 'deactivated';
  /** Who made the change (a user id). */
  @IsString() changedBy: string;
}

export class UserFieldChange {
  @IsIn(['name', 'roles', 'siteIds']) field: 'name' | 'roles' | 'siteIds';
  @Allow() from: unknown;
  @Allow() to: unknown;
}

export class UserChangedData extends UserAccountData {
  @IsArray() @ValidateNested({ each: true }) @Type(() => UserFieldChange) changes: UserFieldChange[];
}

export class UserDeactivatedData extends UserAccountData {
  @IsOptional() @IsString() reason?: string;
}

export const UserCreatedV1 = defineEvent({
  type: 'user.created',
  version: 1,
  topic: Topics.users,
  producer: 'api-gateway',
  description: 'An office manager created a staff account (roles and sites they hold themselves).',
  data: UserAccountData,
});

export const UserChangedV1 = defineEvent({
  type: 'user.changed',
  version: 1,
  topic: Topics.users,
  producer: 'api-gateway',
  description: "A staff account's name, roles or sites changed; its earlier tokens stop working within a minute.",
  data: UserChangedData,
});

export const UserDeactivatedV1 = defineEvent({
  type: 'user.deactivated',
  version: 1,
  topic: Topics.users,
  producer: 'api-gateway',
  description: 'A staff account was deactivated: no sign-in, refresh refused, its tokens refused at the gateway within a minute.',
  data: UserDeactivatedData,
});
