import { Policies, Role, ROLES } from './roles';

/*
 * "Nobody grants a role they do not hold", read through the one policy table: a role carries the
 * rights (policies) that list it, and a user may grant a role only if they hold every right it
 * carries. Today an office manager holds every right of the front desk, billing and (for lack of
 * clinical-only policies yet) the clinical positions, so they may staff their sites; an office
 * manager may also make a colleague office manager (they hold that role themselves; a practice
 * often has more than one). When clinical-only rights join the table (the role matrix of issue
 * 10), granting a clinical position needs someone who holds those rights, with no change here.
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
