import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { FHIR_BASE_PATH } from '@clinic-flow/fhir';
import { PUBLIC_PREFIX } from './compose';

/** Where FHIR clients expect the base: `/fhir/R4/Patient/1` is `/api/v1/fhir/R4/Patient/1`. */
export const FHIR_ALIAS = `/${FHIR_BASE_PATH}`;

/** `/fhir/R4...` -> `/api/v1/fhir/R4...`; any other path unchanged. */
export function unaliasFhir(url: string): string {
  return url === FHIR_ALIAS || url.startsWith(`${FHIR_ALIAS}/`) || url.startsWith(`${FHIR_ALIAS}?`) ? `${PUBLIC_PREFIX}${url}` : url;
}

/**
 * Serves the FHIR routes at `/fhir/R4` too, by rewriting the URL before routing: the request then
 * takes the very path of `/api/v1/fhir/R4/...` (same sign-in check, forwarding, role and site
 * checks in the owning service), so nothing can differ between the two bases.
 */
export function aliasFhirBase(app: INestApplication): void {
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const url = unaliasFhir(req.url);
    if (url !== req.url) {
      req.url = url;
      req.originalUrl = unaliasFhir(req.originalUrl);
    }
    next();
  });
}
