import { Body, Controller, Get, Headers, HttpCode, HttpException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, ApiTags, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InboundSmsRequest, PatientResponseResultDto, ProblemDetailsDto } from '@clinic-flow/contracts';
import { Public, toProblem } from '@clinic-flow/platform';
import { clientOrigin, UpstreamClient } from '../upstream/upstream.client';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const errorPage = (title: string, detail: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escape(title)}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto"><h1>${escape(title)}</h1><p>${escape(detail)}</p></body></html>`;

const PROBLEM = 'application/problem+json';

/** A page's answer: HTML for a browser, JSON (`json` media type) for a client that asks for it. */
const page = (ref: string, json = 'application/json') => ({ 'text/html': { schema: { type: 'string' } }, [json]: { schema: { $ref: ref } } });

/**
 * What patients reach without a login: the confirm / cancel links of their reminders and the SMS
 * provider's reply webhook. The link token and the webhook signature are checked by notification.
 * GET never changes anything (mail scanners prefetch links); the page's button POSTs.
 */
@ApiTags('patient responses (public)')
@ApiExtraModels(PatientResponseResultDto, ProblemDetailsDto)
@Controller()
export class PatientResponsesController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get('r/:token')
  @Public()
  @ApiResponse({ status: 200, description: 'HTML page with a button that POSTs the answer; changes nothing (JSON with Accept: application/json)', content: page(getSchemaPath(PatientResponseResultDto)) })
  @ApiResponse({ status: 410, description: 'RESPONSE.LINK_EXPIRED (an HTML page for browsers)', content: page(getSchemaPath(ProblemDetailsDto), PROBLEM) })
  @ApiResponse({ status: 400, description: 'RESPONSE.LINK_INVALID (an HTML page for browsers)', content: page(getSchemaPath(ProblemDetailsDto), PROBLEM) })
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answerWith(req, res, () => this.upstream.call<PatientResponseResultDto>('notification', 'GET', `/responses/${encodeURIComponent(token)}`, undefined, clientOrigin(req)));
  }

  @Post('r/:token')
  @Public()
  @HttpCode(200)
  @ApiResponse({ status: 200, description: 'HTML for browsers; JSON with Accept: application/json. Once per link (repeats answer the same).', content: page(getSchemaPath(PatientResponseResultDto)) })
  @ApiResponse({ status: 410, description: 'RESPONSE.LINK_EXPIRED (also when the appointment moved)', content: page(getSchemaPath(ProblemDetailsDto), PROBLEM) })
  @ApiResponse({ status: 400, description: 'RESPONSE.LINK_INVALID', content: page(getSchemaPath(ProblemDetailsDto), PROBLEM) })
  async answer(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answerWith(req, res, () => this.upstream.call<PatientResponseResultDto>('notification', 'POST', `/responses/${encodeURIComponent(token)}`, undefined, clientOrigin(req)));
  }

  /** The SMS provider's inbound webhook: a patient's reply (C / X ...), signed with the shared secret. */
  @Post('webhooks/sms')
  @Public()
  @HttpCode(200)
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'RESPONSE.BAD_SIGNATURE' })
  inbound(@Body() body: InboundSmsRequest, @Headers('x-sms-signature') signature = '', @Headers('x-sms-timestamp') timestamp = ''): Promise<{ outcome: string }> {
    return this.upstream.call('notification', 'POST', '/sms/inbound', { signature, timestamp, message: body });
  }

  private async answerWith(req: Request, res: Response, call: () => Promise<PatientResponseResultDto>): Promise<void> {
    const wantsJson = (req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/html');
    try {
      const result = await call();
      if (wantsJson) res.status(200).json(result);
      else res.status(200).type('html').send(result.html);
    } catch (error) {
      if (wantsJson || !(error instanceof HttpException)) throw error;
      const p = { ...toProblem(error), instance: req.originalUrl };
      res.status(p.status).type('html').send(errorPage(p.title, p.detail));
    }
  }
}
