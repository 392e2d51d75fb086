import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { workContext } from './context';
import { DomainError, FieldError, statusOfKind } from './errors';
import { redactErrorText } from './logger';

/** RFC 9457 problem details, the one error shape of every Clinic Flow HTTP API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

const codeOfStatus: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'RESOURCE.CONFLICT',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
};

export function problem(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return {
    type: `urn:clinic-flow:problem:${code.toLowerCase()}`,
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    correlationId: workContext.get()?.correlationId,
    ...extra,
  };
}

/** Anything thrown with a `status` and `code` (DomainError, upstream problem) keeps them. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) {
    return problem(statusOfKind[error.kind], error.code, error.message, error.details ?? {});
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    if (typeof body === 'object' && body && 'code' in body && 'status' in body) {
      return body as ProblemDetails;
    }
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    return problem(status, codeOfStatus[status] ?? `HTTP.${status}`, Array.isArray(message) ? message.join('; ') : String(message));
  }
  const maybe = error as { type?: string; status?: number; statusCode?: number; message?: string };
  // body-parser signals malformed JSON and oversized bodies with a status on the error.
  if (maybe?.type === 'entity.parse.failed') return problem(400, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON.');
  if (maybe?.type === 'entity.too.large') return problem(413, 'REQUEST.TOO_LARGE', 'The request body is too large.');
  return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL', 'An unexpected error occurred. It has been logged.');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = { ...toProblem(error), instance: req.originalUrl };
    if (body.status >= 500) {
      // The path without its query (a search's query is a name or a date of birth); the error redacted.
      this.logger.error(`${req.method} ${req.path} failed: ${redactErrorText((error as Error)?.stack ?? String(error))}`);
    }
    const retryAfter = (body as Record<string, unknown>).retryAfter;
    if (body.status === 429 && typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    const allow = (body as Record<string, unknown>).allow;
    if (body.status === 405 && Array.isArray(allow)) res.setHeader('allow', allow.join(', '));
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
