import { createHash, randomBytes, randomUUID } from 'node:crypto';

/*
 * Refresh tokens (pure rules). A sign-in opens a session, the family of its refresh tokens. A
 * refresh token is `<session id>.<random>`: opaque to the client, stored only as a SHA-256 hash.
 * Each refresh answers a new token and retires the presented one; a retired token presented again
 * means two parties hold the family (a stolen token, or a client that lost an answer), so the
 * whole family is revoked and both must sign in again.
 */

export interface SessionState {
  currentHash: string;
  usedHashes: string[];
  expiresAt: Date;
  revokedAt?: Date;
  revokedReason?: string;
}

export type RefreshVerdict =
  | { kind: 'rotate' }
  | { kind: 'reused' }
  | { kind: 'revoked'; reason: string }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function newRefreshToken(sessionId: string = randomUUID()): { sessionId: string; token: string; hash: string } {
  const token = `${sessionId}.${randomBytes(32).toString('base64url')}`;
  return { sessionId, token, hash: hashToken(token) };
}

/** The session id a refresh token names, or null for something that is not one of ours. */
export function sessionIdOf(token: string): string | null {
  const match = /^([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match ? match[1] : null;
}

/** What a presented refresh token means for its session. */
export function judgeRefresh(session: SessionState | null, presentedHash: string, now: Date): RefreshVerdict {
  if (!session) return { kind: 'invalid' };
  if (session.revokedAt) return { kind: 'revoked', reason: session.revokedReason ?? 'revoked' };
  if (session.usedHashes.includes(presentedHash)) return { kind: 'reused' };
  if (session.currentHash !== presentedHash) return { kind: 'invalid' };
  if (session.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  return { kind: 'rotate' };
}
