import type { GatewayConfig } from '../config';
import type { UsersRepository } from './users.repository';
import { UserStatusCache } from './user-status.cache';

const user = (issuedAt: number) => ({ id: 'u1', email: 'a@x', name: 'A', roles: [], siteIds: [], issuedAt });

describe('UserStatusCache (the gateway check of each token)', () => {
  let stored: { active: boolean; tokensValidAfter?: number };
  let reads = 0;
  const repo = { findById: async () => (reads++, { _id: 'u1', ...stored }) } as unknown as UsersRepository;
  const cache = (seconds: number) => new UserStatusCache(repo, { USER_STATUS_CACHE_SECONDS: seconds } as GatewayConfig);

  beforeEach(() => {
    stored = { active: true };
    reads = 0;
  });

  it('refuses a token issued before the last change of roles or sites, to the millisecond, and one of a deactivated user', async () => {
    stored.tokensValidAfter = 1_000_500;
    const check = cache(0);
    await expect(check.assertCurrent(user(1_000_499))).rejects.toMatchObject({ code: 'AUTH.TOKEN_REVOKED' });
    await expect(check.assertCurrent(user(1_000_500))).resolves.toBeUndefined();
    stored.active = false;
    await expect(check.assertCurrent(user(2_000_000))).rejects.toMatchObject({ code: 'AUTH.ACCOUNT_DEACTIVATED' });
  });

  it('reads a user at most once per window, and at once after forget()', async () => {
    const check = cache(30);
    await check.assertCurrent(user(1));
    stored.active = false;
    await check.assertCurrent(user(1));
    expect(reads).toBe(1);
    check.forget('u1');
    await expect(check.assertCurrent(user(1))).rejects.toMatchObject({ code: 'AUTH.ACCOUNT_DEACTIVATED' });
  });
});
