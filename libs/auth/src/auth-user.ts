import type { Role } from './roles';
import { SiteScope } from './site-scope';

/** Who is calling, as carried by the bearer token. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** Sites the user works at; data of other sites is invisible to them. */
  siteIds: string[];
  /** When the token was issued (milliseconds since the epoch); the gateway refuses tokens older than the user's last change. */
  issuedAt?: number;
  /** The sign-in (refresh-token family) the token belongs to. */
  sessionId?: string;
}

/** Refuses access to a site the caller does not work at (403 AUTH.SITE_FORBIDDEN, as SiteScope does). */
export function assertSiteAccess(user: AuthUser, siteId: string): void {
  SiteScope.of(user).assert(siteId);
}
