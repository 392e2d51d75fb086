/*
 * Sign-in as a clinic network needs it: throttling per account and per client address (429 with
 * Retry-After), rotating refresh tokens whose reuse revokes the whole sign-in, logout, a TOTP
 * second factor (enrolment during sign-in, and by choice), security headers and the CORS policy.
 * Each test signs in as accounts of its own and, for throttling, from client addresses of its own
 * (the e2e gateway believes X-Forwarded-For from the test process), so no other file is slowed.
 */
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { ApiClient, gatewayUrl, signIn, totpCodeOf, waitFor } from '@clinic-flow/testing';
import { createStaffAccount } from './support';

const api = () => request(gatewayUrl());
const uniqueAddress = () => `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 255)}`;
const login = (email: string, password: string, from: string) => api().post('/api/v1/auth/login').set('x-forwarded-for', from).send({ email, password });
const refresh = (refreshToken: string) => api().post('/api/v1/auth/refresh').send({ refreshToken });
const sites = (token: string) => api().get('/api/v1/sites').set('authorization', `Bearer ${token}`);
/** Polls until the gateway refuses the access token (it re-reads a sign-in's state every 2 s in e2e). */
const refusedLater = (token: string) =>
  waitFor(async () => {
    const res = await sites(token);
    return res.status === 401 ? res : null;
  }, { timeoutMs: 60_000, what: 'the access token to be refused' });

describe('sign-in', () => {
  let manager: ApiClient;

  beforeAll(async () => {
    manager = await ApiClient.loginAs('office-manager');
  });

  describe('throttling', () => {
    it('answers 429 with Retry-After after five failures of one account, from any address, and a success resets the count', async () => {
      const account = await createStaffAccount(manager);
      const from = uniqueAddress();
      for (let i = 1; i <= 5; i++) {
        const res = await login(account.email, 'wrong-password', from);
        expect([i, res.status, res.body.code]).toEqual([i, 401, 'AUTH.INVALID_CREDENTIALS']);
      }
      const refused = await login(account.email, account.password, from);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ status: 429, code: 'AUTH.TOO_MANY_ATTEMPTS' });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(5);
      // The account is throttled, not the address: another address waits too.
      expect((await login(account.email, account.password, uniqueAddress())).status).toBe(429);

      await new Promise((r) => setTimeout(r, retryAfter * 1000));
      const ok = await login(account.email, account.password, from);
      expect(ok.status).toBe(200);
      // The success cleared the count: two more failures are plain 401s (without the reset, the first would start a wait).
      expect((await login(account.email, 'wrong-password', from)).status).toBe(401);
      expect((await login(account.email, 'wrong-password', from)).status).toBe(401);
    });

    it('throttles one client address guessing many accounts, and not the accounts from elsewhere', async () => {
      const account = await createStaffAccount(manager);
      const guesser = uniqueAddress();
      for (let i = 0; i < 20; i++) expect((await login(`nobody-${i}-${randomInt(1e9)}@example.org`, 'guess', guesser)).status).toBe(401);
      const refused = await login(account.email, account.password, guesser);
      expect([refused.status, refused.body.code]).toEqual([429, 'AUTH.TOO_MANY_ATTEMPTS']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await login(account.email, account.password, uniqueAddress())).status).toBe(200);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each refresh answers a new pair, and the new access token works', async () => {
      const account = await createStaffAccount(manager);
      const first = await login(account.email, account.password, uniqueAddress());
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number), refreshExpiresIn: expect.any(Number) });
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
      expect(second.body.user).toMatchObject({ id: account.id, roles: ['receptionist'], siteIds: ['site-downtown'] });
      expect((await api().get('/api/v1/sites').set('authorization', `Bearer ${second.body.accessToken}`)).status).toBe(200);
      expect((await refresh(second.body.refreshToken)).status).toBe(200);
    });

    it('revoke the whole sign-in when a used refresh token comes back, and leave other sign-ins alone', async () => {
      const account = await createStaffAccount(manager);
      const stolen = await login(account.email, account.password, uniqueAddress());
      const elsewhere = await login(account.email, account.password, uniqueAddress());
      const rotated = await refresh(stolen.body.refreshToken);
      expect(rotated.status).toBe(200);

      const replay = await refresh(stolen.body.refreshToken);
      expect([replay.status, replay.body.code]).toEqual([401, 'AUTH.REFRESH_REUSED']);
      expect(replay.body.detail).toMatch(/whole sign-in has been revoked/);
      // The legitimate holder's newer token belongs to the revoked family too.
      const after = await refresh(rotated.body.refreshToken);
      expect([after.status, after.body.code]).toEqual([401, 'AUTH.SESSION_REVOKED']);
      expect(after.body.detail).toContain('refresh-token-reuse');
      // The family's access tokens end too.
      expect((await refusedLater(rotated.body.accessToken)).body.code).toBe('AUTH.SESSION_REVOKED');

      expect((await refresh(elsewhere.body.refreshToken)).status).toBe(200);
      expect((await sites(elsewhere.body.accessToken)).status).toBe(200);
    });

    it('refuse a token that was never issued', async () => {
      const res = await refresh('00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect([res.status, res.body.code]).toEqual([401, 'AUTH.REFRESH_INVALID']);
    });
  });

  it('logs out: the sign-in is revoked, its refresh token refused and its access token soon after', async () => {
    const account = await createStaffAccount(manager);
    const session = await login(account.email, account.password, uniqueAddress());
    expect((await sites(session.body.accessToken)).status).toBe(200);
    const out = await api().post('/api/v1/auth/logout').send({ refreshToken: session.body.refreshToken });
    expect([out.status, out.body]).toEqual([200, { revoked: true }]);
    const res = await refresh(session.body.refreshToken);
    expect([res.status, res.body.code]).toEqual([401, 'AUTH.SESSION_REVOKED']);
    expect(res.body.detail).toContain('logout');
    expect((await refusedLater(session.body.accessToken)).body).toMatchObject({ code: 'AUTH.SESSION_REVOKED', detail: expect.stringContaining('logout') });
  });

  describe('TOTP second factor', () => {
    it('makes a new billing account enrol during its first sign-in, then asks for a code every time', async () => {
      const account = await createStaffAccount(manager, { roles: ['billing-coder'] });
      const from = uniqueAddress();
      const first = await login(account.email, account.password, from);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ secondFactor: 'totp', enrolled: false, challengeToken: expect.any(String), expiresIn: expect.any(Number) });
      expect(first.body.accessToken).toBeUndefined();
      // A challenge is not an access token.
      expect((await api().get('/api/v1/sites').set('authorization', `Bearer ${first.body.challengeToken}`)).body.code).toBe('AUTH.TOKEN_INVALID');
      const early = await api().post('/api/v1/auth/login/second-factor').send({ challengeToken: first.body.challengeToken, code: '123456' });
      expect([early.status, early.body.code]).toEqual([409, 'AUTH.TOTP_NOT_ENROLLED']);

      const enrolment = await api().post('/api/v1/auth/login/totp-enrolment').send({ challengeToken: first.body.challengeToken });
      expect(enrolment.status).toBe(200);
      expect(enrolment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expect(new URL(enrolment.body.otpauthUri).searchParams.get('secret')).toBe(enrolment.body.secret);
      const code = totpCodeOf(enrolment.body.secret);
      const wrong = await api().post('/api/v1/auth/login/second-factor').send({ challengeToken: first.body.challengeToken, code: code === '000000' ? '111111' : '000000' });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'AUTH.TOTP_INVALID']);
      const done = await api().post('/api/v1/auth/login/second-factor').send({ challengeToken: first.body.challengeToken, code });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { id: account.id, roles: ['billing-coder'] } });

      const again = await login(account.email, account.password, from);
      expect(again.body).toMatchObject({ secondFactor: 'totp', enrolled: true });
      const bad = await api().post('/api/v1/auth/login/second-factor').send({ challengeToken: 'not-a-challenge', code: '123456' });
      expect([bad.status, bad.body.code]).toEqual([401, 'AUTH.CHALLENGE_INVALID']);
      expect((await signIn(account.email, account.password, { totpSecret: enrolment.body.secret, forwardedFor: from })).status).toBe(200);
      expect((await manager.get(`/users/${account.id}`)).body.totpEnrolled).toBe(true);
    });

    it('lets anyone add a second factor by choice; sign-in then asks for it', async () => {
      const account = await createStaffAccount(manager);
      const client = await ApiClient.login(account.email, account.password);
      const enrolment = await client.post('/auth/totp/enrolment');
      expect(enrolment.status).toBe(200);
      expect((await client.post('/auth/totp/confirm', { code: 'abc' })).status).toBe(400);
      const confirmed = await client.post('/auth/totp/confirm', { code: totpCodeOf(enrolment.body.secret) });
      expect([confirmed.status, confirmed.body]).toEqual([200, { enrolled: true }]);
      expect((await login(account.email, account.password, uniqueAddress())).body).toMatchObject({ secondFactor: 'totp', enrolled: true });
    });

    it('counts wrong codes as failed sign-ins of the account', async () => {
      const account = await createStaffAccount(manager, { roles: ['billing-coder'] });
      const from = uniqueAddress();
      const challenge = (await login(account.email, account.password, from)).body.challengeToken;
      const { secret } = (await api().post('/api/v1/auth/login/totp-enrolment').send({ challengeToken: challenge })).body;
      const right = totpCodeOf(secret);
      const wrongCode = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        expect((await api().post('/api/v1/auth/login/second-factor').set('x-forwarded-for', from).send({ challengeToken: challenge, code: wrongCode })).status).toBe(401);
      }
      const refused = await api().post('/api/v1/auth/login/second-factor').set('x-forwarded-for', from).send({ challengeToken: challenge, code: right });
      expect([refused.status, refused.body.code]).toEqual([429, 'AUTH.TOO_MANY_ATTEMPTS']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });
  });

  describe('the edge', () => {
    it('sends security headers', async () => {
      const res = await api().get('/api/v1/sites').set('authorization', `Bearer ${manager.token}`);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('allows only the configured browser origins', async () => {
      const preflight = (origin: string) => api().options('/api/v1/sites').set('origin', origin).set('access-control-request-method', 'GET').set('access-control-request-headers', 'authorization');
      const allowed = await preflight('http://localhost:5173');
      expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(allowed.headers['access-control-allow-headers']).toContain('authorization');
      const other = await preflight('https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
