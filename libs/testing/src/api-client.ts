import request from 'supertest';
import type { Role } from '@clinic-flow/auth';
import { DEFAULT_DEMO_PASSWORD } from '@clinic-flow/demo-data';
import { gatewayUrl } from './infra';

/** A client of the running gateway, logged in as one of the demo users. */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly user: { id: string; siteIds: string[]; roles: string[] },
  ) {}

  static loginAs(role: Role, baseUrl = gatewayUrl()): Promise<ApiClient> {
    return ApiClient.loginAsEmail(`${role}@demo.clinic`, baseUrl);
  }

  /** Any demo user by email, e.g. `riverside-manager@demo.clinic` (an office manager of one site). */
  static async loginAsEmail(email: string, baseUrl = gatewayUrl()): Promise<ApiClient> {
    const res = await request(baseUrl)
      .post('/api/v1/auth/login')
      .send({ email, password: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return new ApiClient(baseUrl, res.body.accessToken, res.body.user);
  }

  get(path: string) {
    return request(this.baseUrl).get(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`);
  }

  post(path: string, body?: object) {
    return request(this.baseUrl).post(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`).send(body);
  }

  put(path: string, body?: object) {
    return request(this.baseUrl).put(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`).send(body);
  }

  patch(path: string, body?: object) {
    return request(this.baseUrl).patch(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`).send(body);
  }

  delete(path: string) {
    return request(this.baseUrl).delete(`/api/v1${path}`).set('authorization', `Bearer ${this.token}`);
  }
}
