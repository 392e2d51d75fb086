import { Logger } from '@nestjs/common';
import { request } from 'undici';
import { CORRELATION_HEADER, workContext } from './context';
import { DomainError, notFound } from './errors';
import { errorMessageForLog } from './logger';
import { traceHeaders } from './tracing';

/*
 * A service asking another service's API AS THE CALLER: the caller's authorization and
 * correlation id are forwarded, so the other service's own rules (care relationship, roles) and
 * audit apply to the person, not to the asking service. One place for the headers, the timeout
 * and the "no answer" rule (status 0, logged) that billing, insurance and scheduling share.
 */

/** Where the other service is and how long to wait for it. */
export interface CallerClientTarget {
  /** The other service's name, for logs and for the 503's `service` detail. */
  service: string;
  baseUrl: string;
  /** Headers and body timeout each (undici's headersTimeout/bodyTimeout). */
  timeoutMs: number;
}

/** What came back: `status` 0 when nothing did (refused, timed out); `body` only for a 200. */
export interface CallerAnswer<T> {
  status: number;
  body?: T;
}

export class CallerClient {
  private readonly logger: Logger;

  constructor(private readonly target: CallerClientTarget) {
    this.logger = new Logger(`CallerClient:${target.service}`);
  }

  /** Asks `path` as the caller; a 200's JSON body is read, any other body is dropped. Never throws. */
  async ask<T>(path: string, options: { method?: 'GET' | 'POST'; json?: unknown } = {}): Promise<CallerAnswer<T>> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId(), ...traceHeaders() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await request(new URL(path, this.target.baseUrl), {
        method: options.method ?? 'GET',
        headers,
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
        headersTimeout: this.target.timeoutMs,
        bodyTimeout: this.target.timeoutMs,
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        return { status: res.statusCode };
      }
      return { status: 200, body: (await res.body.json()) as T };
    } catch (error) {
      this.logger.warn(`${this.target.service} did not answer ${options.method ?? 'GET'} ${path}: ${errorMessageForLog(error)}`);
      return { status: 0 };
    }
  }

  /**
   * A 200's body. A 404 or 403 (the other service hides what the caller may not see) throws
   * 404 `notFoundCode`; anything else throws 503 UPSTREAM.UNAVAILABLE with `unavailableMessage`.
   */
  async get<T>(path: string, notFoundCode: string, notFoundMessage: string, unavailableMessage: string): Promise<T> {
    const answer = await this.ask<T>(path);
    if (answer.status === 200 && answer.body !== undefined) return answer.body;
    if (answer.status === 404 || answer.status === 403) throw notFound(notFoundCode, notFoundMessage);
    throw this.unavailable(unavailableMessage);
  }

  /** 503 UPSTREAM.UNAVAILABLE naming the other service. */
  unavailable(message: string): DomainError {
    return new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', message, { service: this.target.service });
  }
}
