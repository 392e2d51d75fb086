import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';

/**
 * The gateway's routes outside /api/v1: health, the operations console (/ops) and the front
 * desk's web app (/ and its assets), so a person types the address and nothing more.
 */
export const UNPREFIXED_ROUTES: RouteInfo[] = [
  { path: 'health', method: RequestMethod.ALL },
  { path: 'health/*path', method: RequestMethod.ALL },
  { path: 'ops', method: RequestMethod.GET },
  { path: 'ops/assets/:file', method: RequestMethod.GET },
  { path: '/', method: RequestMethod.GET },
  { path: 'front-desk/assets/:file', method: RequestMethod.GET },
];
