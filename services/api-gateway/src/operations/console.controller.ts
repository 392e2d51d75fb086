import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, Public } from '@clinic-flow/platform';

/** Where the console's files live in the repository (and in the image), found above the build. */
const CONSOLE_DIR = path.join('services', 'api-gateway', 'console');

/** The console's folder above `from` (the source tree, dist/ or the image's /app), or null. */
export function findConsole(from = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONSOLE_DIR);
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * The operations console (issue 13): a static page with plain JavaScript, no build step. Public
 * like any sign-in page: it holds no data; it signs in with the API and calls /api/v1/ops/*, which
 * only the operations role may use.
 */
@ApiExcludeController()
@Public()
@Controller('ops')
export class ConsoleController {
  private readonly dir = findConsole();

  @Get()
  page(@Res() res: Response): void {
    this.send(res, 'index.html');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (!/^[\w-]+\.(js|css)$/.test(file)) throw new DomainError('not-found', 'OPS.ASSET_NOT_FOUND', 'No such file');
    this.send(res, file);
  }

  private send(res: Response, file: string): void {
    const full = this.dir && path.join(this.dir, file);
    if (!full || !fs.existsSync(full)) throw new DomainError('not-found', 'OPS.ASSET_NOT_FOUND', 'The operations console is not installed with this gateway');
    res.status(200).type(TYPES[path.extname(file)] ?? 'application/octet-stream').set('cache-control', 'no-cache').send(fs.readFileSync(full));
  }
}
