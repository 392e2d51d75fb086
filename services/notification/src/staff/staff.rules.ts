/** What the rules need of a staff account. */
export interface StaffMember {
  /** The account's email, lower case. */
  _id: string;
  roles: string[];
  siteIds: string[];
  status: 'active' | 'deactivated';
}

/**
 * Who is told that someone broke the glass: every active office manager of any of the patient's
 * sites (registering and care sites), each once, by email address. A manager of other sites only,
 * a deactivated account, or another role is not.
 */
export function officeManagersOf<T extends StaffMember>(members: readonly T[], patientSiteIds: readonly string[]): T[] {
  const told = new Map<string, T>();
  for (const m of members) {
    if (m.status === 'active' && m.roles.includes('office-manager') && m.siteIds.some((s) => patientSiteIds.includes(s))) told.set(m._id.toLowerCase(), m);
  }
  return [...told.values()].sort((a, b) => a._id.localeCompare(b._id));
}
