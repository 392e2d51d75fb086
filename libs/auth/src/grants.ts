import { Policies, Role, ROLES } from './roles';

/*
 * "Nobody grants a role they do not hold", read through the one policy table: a role carries the
 * rights (policies) that list it, and a user may grant a role only if they hold every right it
 * carries. An office manager holds every right of the front desk and the billing office, so they
 * staff those and may make a colleague office manager; the clinical positions carry clinical-only
 * rights (recording and reading allergies, medications, vitals), so granting one takes someone who
 * holds those too, e.g. a medical director with the physician and office-manager roles.
 */

type PolicyTable = Record<string, readonly Role[]>;

/** The policies a set of roles grants, by name. */
export function rightsOf(roles: readonly Role[], policies: PolicyTable = Policies): Set<string> {
  return new Set(Object.entries(policies).filter(([, allowed]) => roles.some((r) => allowed.includes(r))).map(([name]) => name));
}

/** The roles a holder of `actorRoles` may grant: those whose every right the actor holds. */
export function grantableRoles(actorRoles: readonly Role[], policies: PolicyTable = Policies): Role[] {
  const held = rightsOf(actorRoles, policies);
  return ROLES.filter((role) => [...rightsOf([role], policies)].every((right) => held.has(right)));
}
