import { forbidden } from '@clinic-flow/platform';
import type { Role } from './roles';

/** Who is calling, as carried by the bearer token. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** Sites the user works at; data of other sites is invisible to them. */
  siteIds: string[];
}

/** Refuses access to a site the caller does not work at. */
export function assertSiteAccess(user: AuthUser, siteId: string): void {
  if (!user.siteIds.includes(siteId)) {
    throw forbidden('AUTH.SITE_FORBIDDEN', `You do not work at site ${siteId}.`);
  }
}
