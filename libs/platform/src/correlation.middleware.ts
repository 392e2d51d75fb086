import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, workContext } from './context';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts the caller's correlation id (or makes one) and runs the request inside its context. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(CORRELATION_HEADER);
  const correlationId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  workContext.run({ correlationId, authorization: req.header('authorization'), httpMethod: req.method }, () => next());
}
