import request from 'supertest';
import { Secret, TOTP } from 'otpauth';
import type { Role } from '@clinic-flow/auth';
import { DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@clinic-flow/demo-data';
import { gatewayUrl } from './infra';
import { recordPatientIdentifiers } from './patient-identifiers';

/** The current TOTP code of a base32 secret (RFC 6238, 6 digits, 30 s). */
export function totpCodeOf(secret: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp });
}

/**
 * Signs in through both steps: the password, then (when the account answers with a second-factor
 * challenge) the TOTP code of `totpSecret`. Returns the final answer as it came.
 */
export async function signIn(email: string, password: string, options: { baseUrl?: string; totpSecret?: string; forwardedFor?: string } = {}) {
  const baseUrl = options.baseUrl ?? gatewayUrl();
  const post = (path: string, body: object) => {
    const req = request(baseUrl).post(`/api/v1${path}`);
    if (options.forwardedFor) req.set('x-forwarded-for', options.forwardedFor);
    return req.send(body);
  };
  const first = await post('/auth/login', { email, password });
  if (first.status !== 200 || !first.body.secondFactor || !options.totpSecret) return first;
  return post('/auth/login/second-factor', { challengeToken: first.body.challengeToken, code: totpCodeOf(options.totpSecret) });
}

/**
 * What a test sends to a patient route names a test patient (registration, demographics, contact,
 * duplicate checks, consents' signatures): recorded, so the run's logs can be searched for it.
 */
function recordIfPatientRoute(path: string, body: unknown): void {
  if (/^\/patients(?:[/?]|$)/.test(path) && body) recordPatientIdentifiers(body);
}

/** A client of the running gateway, logged in as one of the demo users. */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly user: { id: string; siteIds: string[]; roles: string[] },
    readonly refreshToken: string,
  ) {}

  static loginAs(role: Role, baseUrl = gatewayUrl()): Promise<ApiClient> {
    return ApiClient.loginAsEmail(`${role}@demo.clinic`, baseUrl);
  }

  /**
   * Any demo user by email, e.g. `riverside-manager@demo.clinic` (an office manager of one site).
   * Demo users who must use a second factor are enrolled with the demo TOTP secret, so the client
   * answers the challenge itself. The e2e system's access tokens last an hour (E2E_OVERRIDES), so
   * a test file never needs to refresh.
   */
  static async loginAsEmail(email: string, baseUrl = gatewayUrl()): Promise<ApiClient> {
    return ApiClient.login(email, process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD, { baseUrl, totpSecret: DEMO_TOTP_SECRET });
  }

  /** Any account by email and password (and its TOTP secret, when it has one). */
  static async login(email: string, password: string, options: { baseUrl?: string; totpSecret?: string } = {}): Promise<ApiClient> {
    const baseUrl = options.baseUrl ?? gatewayUrl();
    const res = await signIn(email, password, { ...options, baseUrl });
    if (res.status !== 200 || !res.body.accessToken) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return new ApiClient(baseUrl, res.body.accessToken, res.body.user, res.body.refreshToken);
  }

  get(path: string) {
    return request(this.baseUrl).get(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`);
  }

  post(path: string, body?: object) {
    recordIfPatientRoute(path, body);
    return request(this.baseUrl).post(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`).send(body);
  }

  put(path: string, body?: object) {
    recordIfPatientRoute(path, body);
    return request(this.baseUrl).put(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`).send(body);
  }

  patch(path: string, body?: object) {
    recordIfPatientRoute(path, body);
    return request(this.baseUrl).patch(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`).send(body);
  }

  delete(path: string) {
    return request(this.baseUrl).delete(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`);
  }
}
