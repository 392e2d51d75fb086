import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InboundSmsEnvelope } from '@clinic-flow/contracts';
import { Public } from '@clinic-flow/platform';
import { AuditPatientData } from '@clinic-flow/audit';
import { ResponsesService } from './responses.service';

/**
 * Patients' answers. Public (patients have no login): the link token and the webhook signature
 * are the credentials. Reached only through the gateway's public routes, so they stay out of the
 * service's OpenAPI document and with it out of the gateway's route table.
 */
@ApiExcludeController()
@Controller()
export class ResponsesController {
  constructor(private readonly responses: ResponsesService) {}

  @Get('responses/:token')
  @Public()
  @AuditPatientData({ via: 'response-link' })
  show(@Param('token') token: string) {
    return this.responses.show(token);
  }

  @Post('responses/:token')
  @Public()
  @AuditPatientData({ via: 'response-link' })
  @HttpCode(200)
  answer(@Param('token') token: string) {
    return this.responses.answer(token);
  }

  @Post('sms/inbound')
  @Public()
  @AuditPatientData({ via: 'sms-reply' })
  @HttpCode(200)
  inbound(@Body() body: InboundSmsEnvelope) {
    return this.responses.inboundSms(body.message, body.signature, body.timestamp);
  }
}
