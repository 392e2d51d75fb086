/**
 * The app's one way to the API (same origin, /api/v1): the bearer token from sign-in kept in
 * memory only (never in storage a script on another tab could read), renewed once on a 401 with
 * the refresh token, and every failure turned into an ApiError with the problem the API sent.
 */
import { ApiError, NETWORK_PROBLEM, toProblem } from './problem';

export const API = '/api/v1';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export class ApiClient {
  private tokens: Tokens | null = null;
  /** Called when renewal fails: the sign-in is over and the screen must ask for it again. */
  onSignedOut: () => void = () => undefined;

  setTokens(tokens: Tokens | null): void {
    this.tokens = tokens;
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  async call<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.tokens) headers.authorization = `Bearer ${this.tokens.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(NETWORK_PROBLEM);
    }
    if (res.status === 401 && this.tokens && !retried && !path.startsWith('/auth/')) {
      if (await this.renew()) return this.call<T>(method, path, body, true);
      this.tokens = null;
      this.onSignedOut();
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (!res.ok) throw new ApiError(toProblem(res.status, json));
    return json as T;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body ?? {});
  }

  private async renew(): Promise<boolean> {
    if (!this.tokens) return false;
    try {
      const res = await fetch(`${API}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: this.tokens.refreshToken }) });
      if (!res.ok) return false;
      const json = (await res.json()) as Tokens;
      this.tokens = { accessToken: json.accessToken, refreshToken: json.refreshToken };
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the sign-in on the server too (its refresh tokens stop working). */
  async signOut(): Promise<void> {
    const tokens = this.tokens;
    this.tokens = null;
    if (tokens) await fetch(`${API}/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: tokens.refreshToken }) }).catch(() => undefined);
  }
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
