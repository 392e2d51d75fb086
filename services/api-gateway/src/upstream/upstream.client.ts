import type { Readable } from 'node:stream';
import type { Request } from 'express';
import { HttpException, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Dispatcher, Pool } from 'undici';
import { ServiceName } from '@clinic-flow/contracts';
import { APP_CONFIG, CORRELATION_HEADER, DomainError, errorMessageForLog, inSpan, problem, SpanKind, traceHeaders, workContext } from '@clinic-flow/platform';
import type { GatewayConfig } from '../config';

export type Upstream = Exclude<ServiceName, 'api-gateway'>;

export const UPSTREAMS: readonly Upstream[] = ['scheduling', 'patient-records', 'insurance', 'billing', 'notification'];

/** A service's answer as it came: status, headers and body text. */
export interface UpstreamReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A service's answer with its body still to read (text() or as a stream). */
export interface UpstreamStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { text(): Promise<string> };
}

/**
 * HTTP to the domain services over keep-alive connection pools. The caller's token and the
 * correlation id travel along; a service's problem details come back to the client unchanged.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly pools: Record<Upstream, Pool>;
  private readonly logger = new Logger(UpstreamClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {
    const pool = (url: string) => new Pool(url, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
    this.pools = {
      scheduling: pool(config.SCHEDULING_URL),
      'patient-records': pool(config.PATIENT_RECORDS_URL),
      insurance: pool(config.INSURANCE_URL),
      billing: pool(config.BILLING_URL),
      notification: pool(config.NOTIFICATION_URL),
    };
  }

  /**
   * Calls a service and returns its JSON body, or throws its problem details as they are. `origin`:
   * the client's address and browser (`clientOrigin(req)`) when the service records them.
   */
  async call<T>(service: Upstream, method: Dispatcher.HttpMethod, path: string, body?: unknown, origin?: Record<string, string | undefined>): Promise<T> {
    const { status, json } = await this.request(service, method, path, body, undefined, origin);
    if (status >= 400) {
      const upstreamProblem = json as { code?: string; status?: number };
      if (upstreamProblem?.code && upstreamProblem.status) throw new HttpException(upstreamProblem, status);
      throw new HttpException(problem(502, 'UPSTREAM.BAD_RESPONSE', `${service} answered ${status}.`), 502);
    }
    return json as T;
  }

  /** Raw status and body (health checks read both). */
  async request(
    service: Upstream,
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    timeoutMs = this.config.UPSTREAM_TIMEOUT_MS,
    origin: Record<string, string | undefined> = {},
  ): Promise<{ status: number; json: unknown }> {
    const { status, text } = await this.forward(service, method, path, body, timeoutMs, origin);
    return { status, json: text ? JSON.parse(text) : undefined };
  }

  /**
   * Sends a request on to a service with the caller's token and correlation id and returns the
   * answer as it came, read as text. A service that does not answer within the timeout is a 503 problem.
   */
  async forward(service: Upstream, method: string, path: string, body?: unknown, timeoutMs = this.config.UPSTREAM_TIMEOUT_MS, origin: Record<string, string | undefined> = {}): Promise<UpstreamReply> {
    const reply = await this.open(service, method, path, body === undefined ? undefined : { json: body }, { ...origin, accept: 'application/json' }, timeoutMs);
    try {
      return { status: reply.status, headers: reply.headers, text: await reply.body.text() };
    } catch (error) {
      throw this.unreachable(service, method, path, error);
    }
  }

  /**
   * A request whose bodies stream both ways: a request body that is not JSON (a multipart
   * upload) goes on as it arrives, and the answer comes back as a stream (a document download),
   * so the gateway never holds a file.
   */
  async open(
    service: Upstream,
    method: string,
    path: string,
    body?: { json: unknown } | { stream: Readable; contentType: string; contentLength?: string },
    origin: Record<string, string | undefined> = {},
    timeoutMs = this.config.UPSTREAM_TIMEOUT_MS,
  ): Promise<UpstreamStream> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { [CORRELATION_HEADER]: workContext.correlationId() };
    for (const [name, value] of Object.entries(origin)) if (value) headers[name] = value;
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    let payload: string | Readable | undefined;
    if (body && 'json' in body && body.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body && 'stream' in body) {
      headers['content-type'] = body.contentType;
      if (body.contentLength) headers['content-length'] = body.contentLength;
      payload = body.stream;
    }
    // A CLIENT span per call (until the answer's headers), whose context the service continues.
    const attributes = { 'http.request.method': method, 'server.address': service };
    try {
      return await inSpan(`${method} ${service}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        const res = await this.pools[service].request({
          method: method as Dispatcher.HttpMethod,
          path,
          headers: { ...headers, ...traceHeaders() },
          body: payload,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        span.setAttribute('http.response.status_code', res.statusCode);
        return { status: res.statusCode, headers: res.headers, body: res.body };
      });
    } catch (error) {
      throw this.unreachable(service, method, path, error);
    }
  }

  private unreachable(service: Upstream, method: string, path: string, error: unknown): DomainError {
    // The path without its query: a patient search's query is a name or a date of birth.
    this.logger.warn(`${method} ${service}${path.split('?')[0]} failed: ${errorMessageForLog(error)}`);
    return new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', `The ${service} service is not reachable right now; try again shortly.`, { service });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((p) => p.close()));
  }
}

/**
 * Where a request came from, for what services record with it (a consent's signature, the audit
 * trail): the gateway is the edge, so the client address as it trusts it (`req.ip`: the socket's
 * address, or X-Forwarded-For only from the proxies TRUST_PROXY names), never a header the client
 * set, replacing any X-Forwarded-For it sent; and its user agent.
 */
export function clientOrigin(req: Request): Record<string, string | undefined> {
  return { 'x-forwarded-for': req.ip ?? req.socket.remoteAddress, 'user-agent': req.headers['user-agent'] };
}
