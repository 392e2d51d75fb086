import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { unauthenticated } from '@clinic-flow/platform';
import type { AuthUser } from './auth-user';
import { SigningKey, TOKEN_ALGORITHM, VerificationKey } from './keys';
import { ROLES } from './roles';

interface Claims {
  sub: string;
  email: string;
  name: string;
  roles: string[];
  sites: string[];
  /** The sign-in (refresh-token family) the token was issued in. */
  sid?: string;
  iat?: number;
  /** Issue time in milliseconds: `iat` has whole seconds, too coarse to order a token and a change made in the same second. */
  iatms?: number;
}

/** The keys a process holds: public keys to verify with (by kid), and at the gateway only, the private key. */
export interface TokenKeys {
  verify: VerificationKey[];
  sign?: SigningKey;
  /** Access-token lifetime in seconds. */
  accessTtlSeconds: number;
}

export const TOKEN_KEYS = Symbol('TOKEN_KEYS');

const ISSUER = 'clinic-flow';
const AUDIENCE = 'clinic-flow';
const CHALLENGE_AUDIENCE = 'clinic-flow:second-factor';

/** Signs (gateway only) and verifies access tokens: ES256, the key id in the header. */
@Injectable()
export class TokenService {
  private readonly byKid: Map<string, string>;

  constructor(
    private readonly jwt: JwtService,
    @Inject(TOKEN_KEYS) private readonly keys: TokenKeys,
  ) {
    this.byKid = new Map(keys.verify.map((k) => [k.kid, k.pem]));
  }

  get accessTtlSeconds(): number {
    return this.keys.accessTtlSeconds;
  }

  /** Only the gateway holds a private key; a service that calls this has been misconfigured. */
  sign(user: AuthUser, session?: { sessionId?: string }): Promise<string> {
    const key = this.keys.sign;
    if (!key) throw new Error('this process holds no token signing key (only the gateway signs tokens)');
    const claims: Claims = { sub: user.id, email: user.email, name: user.name, roles: user.roles, sites: user.siteIds, iatms: Date.now(), ...(session?.sessionId ? { sid: session.sessionId } : {}) };
    return this.jwt.signAsync(claims, {
      privateKey: key.pem,
      algorithm: TOKEN_ALGORITHM,
      keyid: key.kid,
      expiresIn: this.keys.accessTtlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  async verify(token: string): Promise<AuthUser> {
    const kid = this.kidOf(token);
    const publicKey = kid ? this.byKid.get(kid) : undefined;
    if (!publicKey) throw unauthenticated('AUTH.TOKEN_INVALID', 'The token is not valid.');
    let claims: Claims;
    try {
      claims = await this.jwt.verifyAsync<Claims>(token, { publicKey, algorithms: [TOKEN_ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw unauthenticated(expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.TOKEN_INVALID', expired ? 'The token has expired; refresh it at POST /api/v1/auth/refresh or log in again.' : 'The token is not valid.');
    }
    const roles = (claims.roles ?? []).filter((r): r is AuthUser['roles'][number] => (ROLES as readonly string[]).includes(r));
    return { id: claims.sub, email: claims.email, name: claims.name, roles, siteIds: claims.sites ?? [], issuedAt: claims.iatms ?? (claims.iat ?? 0) * 1000, sessionId: claims.sid };
  }

  /**
   * A short-lived proof that a password was right, for the second sign-in step. Its audience is
   * not the access tokens', so it never passes as one.
   */
  signChallenge(userId: string, ttlSeconds: number): Promise<string> {
    const key = this.keys.sign;
    if (!key) throw new Error('this process holds no token signing key (only the gateway signs tokens)');
    return this.jwt.signAsync({ sub: userId }, { privateKey: key.pem, algorithm: TOKEN_ALGORITHM, keyid: key.kid, expiresIn: ttlSeconds, issuer: ISSUER, audience: CHALLENGE_AUDIENCE });
  }

  /** The user id a challenge was issued for; 401 AUTH.CHALLENGE_INVALID when it is not valid (or expired). */
  async verifyChallenge(token: string): Promise<string> {
    const publicKey = this.byKid.get(this.kidOf(token) ?? '');
    try {
      if (!publicKey) throw new Error('unknown key');
      const claims = await this.jwt.verifyAsync<{ sub: string }>(token, { publicKey, algorithms: [TOKEN_ALGORITHM], issuer: ISSUER, audience: CHALLENGE_AUDIENCE });
      return claims.sub;
    } catch {
      throw unauthenticated('AUTH.CHALLENGE_INVALID', 'The sign-in challenge is not valid or has expired; log in again.');
    }
  }

  private kidOf(token: string): string | undefined {
    const decoded = this.jwt.decode<{ header?: { kid?: unknown } } | null>(token, { complete: true });
    const kid = decoded?.header?.kid;
    return typeof kid === 'string' ? kid : undefined;
  }
}
