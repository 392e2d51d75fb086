import type { GatewayConfig } from '../config';
import type { UserStatusCache } from '../users/user-status.cache';
import { GatewayAccessCheck } from './access-check';
import type { SessionsRepository } from './sessions.repository';

describe('GatewayAccessCheck', () => {
  const users = { assertCurrent: async () => undefined } as unknown as UserStatusCache;
  let session: { revokedAt?: Date; revokedReason?: string } | null;
  const sessions = { find: async () => session } as unknown as SessionsRepository;
  const token = { id: 'u1', email: 'a@x', name: 'A', roles: [], siteIds: [], issuedAt: 1, sessionId: 's1' };

  it('refuses the access tokens of an ended sign-in, with the reason, once it reads the session again', async () => {
    session = {};
    const check = new GatewayAccessCheck(users, sessions, { USER_STATUS_CACHE_SECONDS: 30 } as GatewayConfig);
    await expect(check.assertCurrent(token)).resolves.toBeUndefined();
    session = { revokedAt: new Date(), revokedReason: 'logout' };
    await expect(check.assertCurrent(token)).resolves.toBeUndefined();
    check.forget('s1');
    await expect(check.assertCurrent(token)).rejects.toMatchObject({ code: 'AUTH.SESSION_REVOKED', message: expect.stringContaining('logout') });
  });

  it('refuses a token naming a sign-in that does not exist', async () => {
    session = null;
    const check = new GatewayAccessCheck(users, sessions, { USER_STATUS_CACHE_SECONDS: 0 } as GatewayConfig);
    await expect(check.assertCurrent(token)).rejects.toMatchObject({ code: 'AUTH.SESSION_REVOKED' });
  });
});
