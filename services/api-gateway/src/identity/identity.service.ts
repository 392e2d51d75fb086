import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuthUser, hashPassword, TokenService, verifyPassword } from '@clinic-flow/auth';
import { LoginResponse, SecondFactorChallenge, TotpEnrolmentResponse } from '@clinic-flow/contracts';
import { DEMO_TOTP_SECRET, DEMO_USERS } from '@clinic-flow/demo-data';
import { APP_CONFIG, conflict, tooManyRequests, unauthenticated, unprocessable } from '@clinic-flow/platform';
import type { GatewayConfig } from '../config';
import { UserRecord } from '../users/users.schema';
import { UsersRepository } from '../users/users.repository';
import { GatewayAccessCheck } from './access-check';
import { SessionsRepository } from './sessions.repository';
import { hashToken, judgeRefresh, newRefreshToken, sessionIdOf } from './sessions.rules';
import { ThrottleRepository } from './throttle.repository';
import { retryAfterSeconds, ThrottlePolicy } from './throttle.rules';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp';
import { UserStatusCache } from '../users/user-status.cache';

const tooManyAttempts = (retryAfter: number) => tooManyRequests('AUTH.TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${retryAfter} s.`, retryAfter);

const invalidCredentials = () => unauthenticated('AUTH.INVALID_CREDENTIALS', 'The email or password is wrong.');

/**
 * Sign-in: password (throttled per account and per client address), a TOTP second factor for the
 * roles that need one, short access tokens and rotating refresh tokens, logout.
 */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private decoyHash?: Promise<string>;
  private readonly accountPolicy: ThrottlePolicy;
  private readonly addressPolicy: ThrottlePolicy;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly tokens: TokenService,
    private readonly status: UserStatusCache,
    private readonly access: GatewayAccessCheck,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {
    const common = { baseDelaySeconds: config.SIGNIN_THROTTLE_BASE_SECONDS, maxDelaySeconds: config.SIGNIN_THROTTLE_MAX_SECONDS, forgetAfterSeconds: config.SIGNIN_THROTTLE_FORGET_SECONDS };
    this.accountPolicy = { threshold: config.SIGNIN_ACCOUNT_THRESHOLD, ...common };
    this.addressPolicy = { threshold: config.SIGNIN_ADDRESS_THRESHOLD, ...common };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.decoyHash = hashPassword(randomUUID());
    await this.users.backfillVersions();
    if (!this.config.SEED_DEMO_DATA) return;
    for (const demo of DEMO_USERS) {
      const existing = await this.users.findByEmail(demo.email);
      if (existing) {
        // Demo users seeded before second factors existed get the demo secret too.
        if (this.needsSecondFactor(existing.roles) && !existing.totpSecret) {
          await this.users.update(existing._id, (current) => (current.totpSecret ? null : { set: { totpSecret: DEMO_TOTP_SECRET } }));
        }
        continue;
      }
      await this.users.insertIfMissing({
        _id: randomUUID(),
        email: demo.email,
        name: demo.name,
        passwordHash: await hashPassword(this.config.DEMO_PASSWORD),
        roles: demo.roles,
        siteIds: demo.siteIds,
        active: true,
        createdAt: new Date(),
        // Demo users who must use a second factor are enrolled with the documented demo secret.
        ...(this.needsSecondFactor(demo.roles) ? { totpSecret: DEMO_TOTP_SECRET } : {}),
      });
    }
  }

  /** Step one: the password. Signed in, or (roles that need it) a challenge for the second factor. */
  async login(email: string, password: string, address: string): Promise<LoginResponse | SecondFactorChallenge> {
    const user = await this.passwordStep(email.toLowerCase(), password, address);
    if (!this.needsSecondFactor(user.roles) && !user.totpSecret) return this.signIn(user);
    return {
      secondFactor: 'totp',
      enrolled: !!user.totpSecret,
      challengeToken: await this.tokens.signChallenge(user._id, this.config.SECOND_FACTOR_CHALLENGE_SECONDS),
      expiresIn: this.config.SECOND_FACTOR_CHALLENGE_SECONDS,
    };
  }

  /** Step two: the code. A wrong code counts as a failed sign-in of the account. */
  async secondFactor(challengeToken: string, code: string, address: string): Promise<LoginResponse> {
    const user = await this.challengedUser(challengeToken);
    await this.assertNotThrottled(user.email, address);
    const secret = user.totpSecret ?? user.totpPendingSecret;
    if (!secret) throw conflict('AUTH.TOTP_NOT_ENROLLED', 'Enrol a second factor first: POST /api/v1/auth/login/totp-enrolment with the challenge.');
    if (!verifyTotp(secret, code)) {
      await this.recordFailure(user.email, address);
      throw unauthenticated('AUTH.TOTP_INVALID', 'The code is wrong or too old.');
    }
    await this.throttle.clear(accountKey(user.email));
    if (!user.totpSecret) await this.confirmEnrolment(user._id, secret);
    return this.signIn(user);
  }

  /** Enrolment during sign-in (an account that must use a second factor and has none yet). */
  async enrolWithChallenge(challengeToken: string): Promise<TotpEnrolmentResponse> {
    const user = await this.challengedUser(challengeToken);
    if (user.totpSecret) throw conflict('AUTH.TOTP_ALREADY_ENROLLED', 'This account already has a second factor; sign in with its code.');
    return this.startEnrolment(user);
  }

  /** Enrolment of a signed-in user (any role may add a second factor). */
  async enrol(caller: AuthUser): Promise<TotpEnrolmentResponse> {
    const user = await this.users.findById(caller.id);
    if (!user?.active) throw unauthenticated('AUTH.ACCOUNT_DEACTIVATED', 'This account has been deactivated.');
    if (user.totpSecret) throw conflict('AUTH.TOTP_ALREADY_ENROLLED', 'This account already has a second factor.');
    return this.startEnrolment(user);
  }

  async confirm(caller: AuthUser, code: string): Promise<{ enrolled: boolean }> {
    const user = await this.users.findById(caller.id);
    if (!user?.totpPendingSecret) throw conflict('AUTH.TOTP_NOT_ENROLLED', 'Start an enrolment first: POST /api/v1/auth/totp/enrolment.');
    if (!verifyTotp(user.totpPendingSecret, code)) throw unprocessable('AUTH.TOTP_INVALID', 'The code is wrong or too old.');
    await this.confirmEnrolment(user._id, user.totpPendingSecret);
    return { enrolled: true };
  }

  /** A new access token and a new refresh token for the presented one, which stops working. */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    const now = new Date();
    const sessionId = sessionIdOf(refreshToken);
    const session = sessionId ? await this.sessions.find(sessionId) : null;
    if (!session) throw unauthenticated('AUTH.REFRESH_INVALID', 'The refresh token is not valid; log in again.');
    const presented = hashToken(refreshToken);
    const verdict = judgeRefresh(session, presented, now);
    switch (verdict.kind) {
      case 'invalid':
        throw unauthenticated('AUTH.REFRESH_INVALID', 'The refresh token is not valid; log in again.');
      case 'expired':
        throw unauthenticated('AUTH.REFRESH_EXPIRED', 'The sign-in has expired; log in again.');
      case 'revoked':
        throw unauthenticated('AUTH.SESSION_REVOKED', `This sign-in has ended (${verdict.reason}); log in again.`);
      case 'reused':
        return this.revokeForReuse(session._id, now);
    }
    const user = await this.users.findById(session.userId);
    if (!user?.active) {
      await this.sessions.revoke(session._id, 'account-deactivated', now);
      throw unauthenticated('AUTH.ACCOUNT_DEACTIVATED', 'This account has been deactivated.');
    }
    const next = newRefreshToken(session._id);
    if (!(await this.sessions.rotate(session._id, presented, next.hash, now))) {
      // Another refresh with the same token won the race: this one is the reuse.
      return this.revokeForReuse(session._id, now);
    }
    this.status.forget(user._id);
    return this.tokensFor(user, session._id, next.token, session.expiresAt);
  }

  /** Ends the sign-in the refresh token belongs to: none of its refresh tokens work any more. */
  async logout(refreshToken: string): Promise<{ revoked: boolean }> {
    const sessionId = sessionIdOf(refreshToken);
    const session = sessionId ? await this.sessions.find(sessionId) : null;
    const hash = hashToken(refreshToken);
    if (!session || (session.currentHash !== hash && !session.usedHashes.includes(hash))) {
      throw unauthenticated('AUTH.REFRESH_INVALID', 'The refresh token is not valid.');
    }
    await this.sessions.revoke(session._id, 'logout', new Date());
    this.access.forget(session._id);
    return { revoked: true };
  }

  private async revokeForReuse(sessionId: string, now: Date): Promise<never> {
    await this.sessions.revoke(sessionId, 'refresh-token-reuse', now);
    this.access.forget(sessionId);
    throw unauthenticated(
      'AUTH.REFRESH_REUSED',
      'This refresh token was already used, so it may have been stolen: the whole sign-in has been revoked. Log in again.',
    );
  }

  private async passwordStep(email: string, password: string, address: string): Promise<UserRecord> {
    await this.assertNotThrottled(email, address);
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await this.decoyHash!), password);
    if (!user || !ok || !user.active) {
      await this.recordFailure(email, address);
      throw invalidCredentials();
    }
    await this.throttle.clear(accountKey(email));
    return user;
  }

  private async assertNotThrottled(email: string, address: string): Promise<void> {
    const now = new Date();
    const [account, from] = await this.throttle.states([accountKey(email), addressKey(address)]);
    const wait = Math.max(retryAfterSeconds(account, this.accountPolicy, now), retryAfterSeconds(from, this.addressPolicy, now));
    if (wait > 0) throw tooManyAttempts(wait);
  }

  private async recordFailure(email: string, address: string): Promise<void> {
    const now = new Date();
    await Promise.all([
      this.throttle.recordFailure(accountKey(email), this.accountPolicy, now),
      this.throttle.recordFailure(addressKey(address), this.addressPolicy, now),
    ]);
  }

  private async challengedUser(challengeToken: string): Promise<UserRecord> {
    const user = await this.users.findById(await this.tokens.verifyChallenge(challengeToken));
    if (!user?.active) throw invalidCredentials();
    return user;
  }

  private async startEnrolment(user: UserRecord): Promise<TotpEnrolmentResponse> {
    const secret = newTotpSecret();
    await this.users.update(user._id, () => ({ set: { totpPendingSecret: secret } }));
    return { secret, otpauthUri: otpauthUri(secret, user.email) };
  }

  private async confirmEnrolment(userId: string, secret: string): Promise<void> {
    await this.users.update(userId, (current) => (current.totpPendingSecret === secret ? { set: { totpSecret: secret, totpPendingSecret: undefined } } : null));
  }

  private needsSecondFactor(roles: readonly string[]): boolean {
    return roles.some((r) => (this.config.TOTP_REQUIRED_ROLES as readonly string[]).includes(r));
  }

  private async signIn(user: UserRecord): Promise<LoginResponse> {
    const now = new Date();
    const refresh = newRefreshToken();
    const expiresAt = new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.sessions.open({ _id: refresh.sessionId, userId: user._id, currentHash: refresh.hash, usedHashes: [], createdAt: now, expiresAt });
    return this.tokensFor(user, refresh.sessionId, refresh.token, expiresAt);
  }

  private async tokensFor(user: UserRecord, sessionId: string, refreshToken: string, refreshExpiresAt: Date): Promise<LoginResponse> {
    const authUser: AuthUser = { id: user._id, email: user.email, name: user.name, roles: user.roles, siteIds: user.siteIds };
    return {
      accessToken: await this.tokens.sign(authUser, { sessionId }),
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      user: authUser,
      refreshToken,
      refreshExpiresIn: Math.max(0, Math.floor((refreshExpiresAt.getTime() - Date.now()) / 1000)),
    };
  }
}

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
