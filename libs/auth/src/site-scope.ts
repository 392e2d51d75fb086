import { forbidden } from '@clinic-flow/platform';
import type { AuthUser } from './auth-user';

/**
 * The sites a piece of work may read and change. Site-owned data is reached only through one:
 * repositories of site-owned aggregates take a scope on every call, so a route cannot read or
 * write by bare id. Made from the caller (`of`), or, for the service acting on its own behalf
 * (an event consumer, a timer, a seed), from `service(reason)`, which says so where it is used.
 */
export class SiteScope {
  private constructor(
    private readonly sites: ReadonlySet<string> | 'every-site',
    /** Who acts: a user id, or `service:<reason>`. */
    readonly actor: string,
  ) {}

  static of(user: Pick<AuthUser, 'id' | 'siteIds'>): SiteScope {
    return new SiteScope(new Set(user.siteIds), user.id);
  }

  /** The service itself, reacting to an event or a timer: every site. */
  static service(reason: string): SiteScope {
    return new SiteScope('every-site', `service:${reason}`);
  }

  /**
   * This scope with these sites too. PatientAccess hands it out with a patient it opened, for that
   * patient's own entries, which are kept under the patient's sites (a caller who sees the patient
   * through a visit at their site, or by breaking the glass, works on entries kept at another).
   */
  including(siteIds: Iterable<string>): SiteScope {
    if (this.sites === 'every-site') return this;
    return new SiteScope(new Set([...this.sites, ...siteIds]), this.actor);
  }

  /** Whether this is the service acting for itself (every site), not a user. */
  get isService(): boolean {
    return this.sites === 'every-site';
  }

  covers(siteId: string): boolean {
    return this.sites === 'every-site' || this.sites.has(siteId);
  }

  /** Whether every one of these sites is in scope (a network-wide change needs all it affects). */
  coversAll(siteIds: Iterable<string>): boolean {
    for (const siteId of siteIds) if (!this.covers(siteId)) return false;
    return true;
  }

  /**
   * Network-wide data (appointment types, default reminder policies, a provider's time off) is
   * changed only by someone entitled to every site it affects: 403 AUTH.SITE_FORBIDDEN otherwise.
   */
  assertCoversAll(siteIds: Iterable<string>, what: string): void {
    const missing = [...siteIds].filter((siteId) => !this.covers(siteId));
    if (missing.length) throw forbidden('AUTH.SITE_FORBIDDEN', `${what} affects sites you do not work at: ${missing.join(', ')}.`);
  }

  /** Refuses a site out of scope with 403 AUTH.SITE_FORBIDDEN. */
  assert(siteId: string): void {
    if (!this.covers(siteId)) throw forbidden('AUTH.SITE_FORBIDDEN', `You do not work at site ${siteId}.`);
  }
}
