import { grantableRoles, Role } from '@clinic-flow/auth';
import { forbidden, invalid, notFound } from '@clinic-flow/platform';
import type { UserHistoryEntry, UserRecord } from './users.schema';

/*
 * Who may manage which staff account (pure rules; users.service applies them). An office manager
 * sees the accounts of anyone working at one of their sites, manages only accounts that work
 * nowhere else (a Riverside manager cannot deactivate someone who also works Downtown), and grants
 * only sites they work at and roles whose rights they hold (libs/auth grants.ts).
 */

export interface Actor {
  id: string;
  roles: Role[];
  siteIds: string[];
}

type Account = Pick<UserRecord, '_id' | 'name' | 'roles' | 'siteIds' | 'active'>;

/** Someone at none of the actor's sites is not there for them: 404, as for an unknown id. */
export function assertVisible(actor: Actor, account: Account | null, id: string): asserts account is Account {
  if (!account || !account.siteIds.some((s) => actor.siteIds.includes(s))) throw notFound('USERS.NOT_FOUND', `No staff account ${id} at your sites.`);
}

/** Changing an account needs every site it works at. */
export function assertManageable(actor: Actor, account: Account): void {
  const others = account.siteIds.filter((s) => !actor.siteIds.includes(s));
  if (others.length) throw forbidden('USERS.OTHER_SITES', `This account also works at sites you do not manage: ${others.join(', ')}.`);
}

/** Sites and roles granted (or taken away) must be the actor's to give. */
export function assertGrantable(actor: Actor, grant: { roles?: string[]; siteIds?: string[] }): void {
  const sites = (grant.siteIds ?? []).filter((s) => !actor.siteIds.includes(s));
  if (sites.length) throw forbidden('USERS.SITE_NOT_HELD', `You can only grant sites you work at; not: ${sites.join(', ')}.`);
  const allowed = grantableRoles(actor.roles);
  const roles = (grant.roles ?? []).filter((r) => !allowed.includes(r as Role));
  if (roles.length) throw forbidden('USERS.ROLE_NOT_HELD', `You can only grant roles whose rights you hold yourself; not: ${roles.join(', ')}.`);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The changed fields of a request, with before and after; roles removed or added are both grants. */
export function changesOf(current: Account, request: { name?: string; roles?: string[]; siteIds?: string[] }): UserHistoryEntry['changes'] {
  const changes: UserHistoryEntry['changes'] = [];
  if (request.name !== undefined && request.name !== current.name) changes.push({ field: 'name', from: current.name, to: request.name });
  if (request.roles && !sameSet(request.roles, current.roles)) changes.push({ field: 'roles', from: current.roles, to: request.roles });
  if (request.siteIds && !sameSet(request.siteIds, current.siteIds)) changes.push({ field: 'siteIds', from: current.siteIds, to: request.siteIds });
  return changes;
}

/** A change of roles or sites must be the actor's to make in both directions (what is added and what is removed). */
export function assertChangeAllowed(actor: Actor, current: Account, request: { roles?: string[]; siteIds?: string[] }): void {
  if (!current.active) throw invalid('USERS.DEACTIVATED', 'A deactivated account cannot be changed.');
  const diff = (a: readonly string[], b: readonly string[]) => [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
  assertGrantable(actor, {
    roles: request.roles ? diff(request.roles, current.roles) : [],
    siteIds: request.siteIds ? diff(request.siteIds, current.siteIds) : [],
  });
}

/** Whether a change ends the tokens issued before it (what they carry, roles and sites, is no longer true). */
export function revokesTokens(changes: UserHistoryEntry['changes']): boolean {
  return changes.some((c) => c.field === 'roles' || c.field === 'siteIds');
}
