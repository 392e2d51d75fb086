import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, Public } from '@clinic-flow/platform';

/** Where the build puts the front desk's bundle (tools/build/front-desk.js), inside dist/. */
const APP_DIR = path.join('apps', 'front-desk');
/** The bundle's files: the page, its script and style, and their source maps. */
const ASSET = /^front-desk\.(js|css)(\.map)?$/;

/** The built app's folder above `from` (dist/ or the image's /app/dist), or null when not built. */
export function findFrontDesk(from = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, APP_DIR);
    if (fs.existsSync(path.join(candidate, 'front-desk.js')) && fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The front desk's web app (issue 15) at `/`, what a receptionist types. Static files only,
 * public like any sign-in page (they hold no data): the app signs in with /api/v1/auth and calls
 * the API with the token, so the same roles and sites apply as for every other client.
 */
@ApiExcludeController()
@Public()
@Controller()
export class FrontDeskController {
  /** The built app's folder (replaceable in tests). */
  dir: string | null = findFrontDesk();

  @Get()
  page(@Res() res: Response): void {
    this.send(res, 'index.html');
  }

  @Get('front-desk/assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (!ASSET.test(file)) throw new DomainError('not-found', 'FRONT_DESK.ASSET_NOT_FOUND', 'No such file');
    this.send(res, file);
  }

  private send(res: Response, file: string): void {
    const full = this.dir && path.join(this.dir, file);
    if (!full || !fs.existsSync(full)) throw new DomainError('not-found', 'FRONT_DESK.NOT_BUILT', 'The front desk app is not built into this gateway (npm run build bundles it)');
    res.status(200).type(TYPES[path.extname(file)] ?? 'application/octet-stream').set('cache-control', 'no-cache').send(fs.readFileSync(full));
  }
}
