import { Inject, Injectable } from '@nestjs/common';
import { AccessCheck, AuthUser } from '@clinic-flow/auth';
import { APP_CONFIG, unauthenticated } from '@clinic-flow/platform';
import type { GatewayConfig } from '../config';
import { UsersRepository } from './users.repository';

interface Status {
  active: boolean;
  tokensValidAfter: number;
  readAt: number;
}

/**
 * The gateway's per-request check of a verified token against its user: active, and the token no
 * older than the user's last change of roles or sites. The status is cached per user for at most
 * USER_STATUS_CACHE_SECONDS (≤ 30), so a deactivation or role change made at another gateway
 * instance takes effect everywhere within that window; this instance's own changes at once.
 */
@Injectable()
export class UserStatusCache implements AccessCheck {
  private readonly statuses = new Map<string, Status>();
  private readonly loading = new Map<string, Promise<Status>>();

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async assertCurrent(user: AuthUser): Promise<void> {
    const status = await this.status(user.id);
    if (!status.active) throw unauthenticated('AUTH.ACCOUNT_DEACTIVATED', 'This account has been deactivated.');
    if ((user.issuedAt ?? 0) < status.tokensValidAfter) {
      throw unauthenticated('AUTH.TOKEN_REVOKED', 'The roles or sites of this account changed after the token was issued; refresh it or log in again.');
    }
  }

  /** Drops a user's cached status (after a change made here). */
  forget(userId: string): void {
    this.statuses.delete(userId);
  }

  private async status(userId: string): Promise<Status> {
    const cached = this.statuses.get(userId);
    if (cached && Date.now() - cached.readAt < this.config.USER_STATUS_CACHE_SECONDS * 1000) return cached;
    let pending = this.loading.get(userId);
    if (!pending) {
      pending = this.users
        .findById(userId)
        .then((u) => ({ active: !!u?.active, tokensValidAfter: u?.tokensValidAfter ?? 0, readAt: Date.now() }))
        .finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
    }
    const status = await pending;
    if (this.statuses.size > 10_000) this.statuses.clear();
    this.statuses.set(userId, status);
    return status;
  }
}
