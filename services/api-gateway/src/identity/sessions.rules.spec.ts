import { hashToken, judgeRefresh, newRefreshToken, SessionState, sessionIdOf } from './sessions.rules';

const now = new Date('2026-12-01T08:00:00Z');
const later = new Date('2026-12-02T08:00:00Z');

describe('refresh tokens', () => {
  const first = newRefreshToken();
  const second = newRefreshToken(first.sessionId);
  const session = (over: Partial<SessionState> = {}): SessionState => ({ currentHash: second.hash, usedHashes: [first.hash], expiresAt: later, ...over });

  it('name their session and are stored only as a hash', () => {
    expect(sessionIdOf(first.token)).toBe(first.sessionId);
    expect(second.token.startsWith(`${first.sessionId}.`)).toBe(true);
    expect(first.hash).toBe(hashToken(first.token));
    expect(first.hash).not.toContain(first.token.split('.')[1]);
    expect(sessionIdOf('not-a-token')).toBeNull();
  });

  it('rotate when the current token is presented', () => {
    expect(judgeRefresh(session(), second.hash, now)).toEqual({ kind: 'rotate' });
  });

  it('call a retired token presented again a reuse', () => {
    expect(judgeRefresh(session(), first.hash, now)).toEqual({ kind: 'reused' });
  });

  it('refuse a revoked or expired session, and a token the session never issued', () => {
    expect(judgeRefresh(session({ revokedAt: now, revokedReason: 'logout' }), second.hash, now)).toEqual({ kind: 'revoked', reason: 'logout' });
    expect(judgeRefresh(session({ expiresAt: now }), second.hash, now)).toEqual({ kind: 'expired' });
    expect(judgeRefresh(session(), newRefreshToken(first.sessionId).hash, now)).toEqual({ kind: 'invalid' });
    expect(judgeRefresh(null, second.hash, now)).toEqual({ kind: 'invalid' });
  });
});
