import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiGoneResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemDetailsDto } from '@clinic-flow/contracts';
import { Public } from '@clinic-flow/platform';
import { clientOrigin, UpstreamClient } from '../upstream/upstream.client';

/** Headers of patient-records' download answer that the patient's browser needs. */
const PASSED = ['content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'cache-control'];

/**
 * A document download link a patient got by email (a letter): no login, the signed, expiring
 * token names one document and is checked by patient-records. The bytes stream through.
 */
@ApiTags('patient documents (public)')
@Controller()
export class DocumentLinksController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('d/:token')
  @Public()
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/tiff')
  @ApiOkResponse({ description: "The document's current version, as an attachment" })
  @ApiGoneResponse({ type: ProblemDetailsDto, description: 'DOCUMENT.LINK_EXPIRED' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'DOCUMENT.LINK_INVALID' })
  async download(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // The patient's address and browser go along for the audit trail of the download.
    const reply = await this.upstream.open('patient-records', 'GET', `/document-links/${encodeURIComponent(token)}`, undefined, clientOrigin(req));
    if (reply.status >= 400) {
      const text = await reply.body.text();
      res.status(reply.status).type('application/problem+json').send(JSON.stringify({ ...JSON.parse(text || '{}'), instance: req.originalUrl }));
      return;
    }
    for (const name of PASSED) {
      const value = reply.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    res.status(reply.status);
    await pipeline(reply.body, res);
  }
}
