import { Inject, Injectable } from '@nestjs/common';
import { AccessCheck, AuthUser } from '@clinic-flow/auth';
import { APP_CONFIG, unauthenticated } from '@clinic-flow/platform';
import type { GatewayConfig } from '../config';
import { UserStatusCache } from '../users/user-status.cache';
import { SessionsRepository } from './sessions.repository';

/**
 * What the gateway checks of each verified token beyond signature and expiry: its user (active,
 * not changed since; UserStatusCache) and its sign-in (not logged out, not revoked for a reused
 * refresh token). Both are re-read at most every USER_STATUS_CACHE_SECONDS; this instance's own
 * changes take effect at once.
 */
@Injectable()
export class GatewayAccessCheck implements AccessCheck {
  private readonly revoked = new Map<string, { revoked: string | null; readAt: number }>();

  constructor(
    private readonly users: UserStatusCache,
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async assertCurrent(user: AuthUser): Promise<void> {
    await this.users.assertCurrent(user);
    if (!user.sessionId) return;
    const reason = await this.revokedReason(user.sessionId);
    if (reason) throw unauthenticated('AUTH.SESSION_REVOKED', `This sign-in has ended (${reason}); log in again.`);
  }

  /** Drops what is cached of a session (after it was ended here). */
  forget(sessionId: string): void {
    this.revoked.delete(sessionId);
  }

  private async revokedReason(sessionId: string): Promise<string | null> {
    const cached = this.revoked.get(sessionId);
    if (cached && Date.now() - cached.readAt < this.config.USER_STATUS_CACHE_SECONDS * 1000) return cached.revoked;
    const session = await this.sessions.find(sessionId);
    const revoked = !session ? 'unknown sign-in' : session.revokedAt ? (session.revokedReason ?? 'revoked') : null;
    if (this.revoked.size > 10_000) this.revoked.clear();
    this.revoked.set(sessionId, { revoked, readAt: Date.now() });
    return revoked;
  }
}
