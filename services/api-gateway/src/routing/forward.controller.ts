import { pipeline } from 'node:stream/promises';
import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES, Roles } from '@clinic-flow/auth';
import { FHIR_JSON } from '@clinic-flow/fhir';
import { problem, setMetricsRoute } from '@clinic-flow/platform';
import { clientOrigin, UpstreamClient } from '../upstream/upstream.client';
import { PUBLIC_PREFIX } from './compose';
import { ServiceDocuments } from './service-documents';

/** Response headers of a service that mean something to the client. */
const PASSED_HEADERS = ['content-type', 'location', 'retry-after', 'cache-control', 'etag', 'last-modified', 'link', 'idempotent-replayed'];

/** Further headers of a streamed answer (a document download). */
const STREAMED_HEADERS = ['content-length', 'content-disposition', 'x-content-type-options'];

/** Answers read as text and checked; anything else (a file) streams through untouched. */
const isTextual = (contentType: string) => /^(application\/(json|problem\+json)|text\/)/.test(contentType);

/**
 * Everything under /api/v1 that is not an edge route goes to the service that declares it, with
 * the caller's token and correlation id. The gateway checks only that the caller is signed in
 * (any role): each route's role policy and site checks live with the owning service.
 * Registered last, so the edge routes match first.
 */
@ApiExcludeController()
@Controller()
export class ForwardController {
  constructor(
    private readonly documents: ServiceDocuments,
    private readonly upstream: UpstreamClient,
  ) {}

  @All('*path')
  @Roles(...ROLES)
  async forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pathAndQuery = req.originalUrl.slice(PUBLIC_PREFIX.length);
    const route = await this.documents.route(req.method, pathAndQuery.split('?')[0]);
    // The request metrics name the owner's route template, not the catch-all or the path with its ids.
    setMetricsRoute(res, `${PUBLIC_PREFIX}${route.template}`);
    // The client's Idempotency-Key (payments, postings: a retry answers once) and Accept (a report as CSV) go on too.
    const origin = { ...clientOrigin(req), ...pick(req, FORWARDED_REQUEST_HEADERS) };
    const reply = await this.upstream.open(route.service, req.method, pathAndQuery, requestBody(req), origin);
    const contentType = String(reply.headers['content-type'] ?? '');
    if (reply.status < 400 && contentType && !isTextual(contentType)) {
      for (const name of [...PASSED_HEADERS, ...STREAMED_HEADERS]) {
        const value = reply.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      res.status(reply.status);
      await pipeline(reply.body, res);
      return;
    }
    const text = await reply.body.text();
    // FHIR routes answer errors as OperationOutcomes (application/fhir+json): FHIR clients expect them as they are.
    if (reply.status >= 400 && contentType.startsWith(FHIR_JSON) && parse(text)) {
      res.status(reply.status).type(FHIR_JSON).send(text);
      return;
    }
    if (reply.status >= 400) {
      const body = parse(text);
      if (!body?.code || !body.status) {
        res.status(502).type('application/problem+json').send(JSON.stringify({ ...problem(502, 'UPSTREAM.BAD_RESPONSE', `${route.service} answered ${reply.status}.`), instance: req.originalUrl }));
        return;
      }
      res.status(reply.status).type('application/problem+json').send(JSON.stringify({ ...body, instance: req.originalUrl }));
      return;
    }
    for (const name of PASSED_HEADERS) {
      const value = reply.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    res.status(reply.status).send(text || undefined);
  }
}

/** Request headers of the client that mean something to a service. */
const FORWARDED_REQUEST_HEADERS = ['idempotency-key', 'accept'];

/** The named headers as the client sent them; Accept only when it asks for CSV (reports), so other routes see what they always saw. */
function pick(req: Request, names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    names.map((n) => {
      const value = typeof req.headers[n] === 'string' ? (req.headers[n] as string) : undefined;
      return [n, n === 'accept' && !value?.includes('text/csv') ? undefined : value];
    }),
  );
}

/** JSON the gateway parsed goes on as JSON; any other body (a multipart upload) streams on unread. */
function requestBody(req: Request): Parameters<UpstreamClient['open']>[3] {
  if (req.body !== undefined) return { json: req.body };
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || !req.headers['content-type']) return undefined;
  return { stream: req, contentType: req.headers['content-type'], contentLength: req.headers['content-length'] };
}

function parse(text: string): { code?: string; status?: number } | undefined {
  try {
    return JSON.parse(text) as { code?: string; status?: number };
  } catch {
    return undefined;
  }
}
