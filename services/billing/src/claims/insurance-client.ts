import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import type { AuthorizationDto, CoverageDto, PayerDto } from '@clinic-flow/contracts';
import { APP_CONFIG, CORRELATION_HEADER, DomainError, errorMessageForLog, notFound, workContext } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';

/**
 * Insurance over HTTP, asked AS THE CALLER (their authorization and correlation id forwarded, like
 * encounters' PatientSnapshots and payments' CheckInEstimate): the patient's coverages, the payer,
 * the patient's authorizations. Insurance's 404 is a 404 here; no answer is 503, nothing written.
 */
@Injectable()
export class InsuranceClient {
  private readonly logger = new Logger(InsuranceClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: BillingConfig) {}

  async coverages(patientId: string): Promise<CoverageDto[]> {
    const body = await this.get<{ items: CoverageDto[] }>(`/patients/${encodeURIComponent(patientId)}/coverages`, 'PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    return body.items;
  }

  payer(payerId: string): Promise<PayerDto> {
    return this.get<PayerDto>(`/payers/${encodeURIComponent(payerId)}`, 'CLAIM.PAYER_NOT_FOUND', `Insurance knows no payer ${payerId}: correct the coverage's payer.`);
  }

  async authorizations(patientId: string): Promise<AuthorizationDto[]> {
    const body = await this.get<{ items: AuthorizationDto[] }>(`/patients/${encodeURIComponent(patientId)}/authorizations`, 'PATIENT.NOT_FOUND', `There is no patient ${patientId}.`);
    return body.items;
  }

  private async get<T>(path: string, notFoundCode: string, notFoundMessage: string): Promise<T> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    let status = 0;
    try {
      const res = await request(new URL(path, this.config.INSURANCE_URL), { headers, headersTimeout: this.config.INSURANCE_TIMEOUT_MS, bodyTimeout: this.config.INSURANCE_TIMEOUT_MS });
      status = res.statusCode;
      if (status === 200) return (await res.body.json()) as T;
      await res.body.dump();
    } catch (error) {
      this.logger.warn(`insurance did not answer ${path}: ${errorMessageForLog(error)}`);
    }
    if (status === 404 || status === 403) throw notFound(notFoundCode, notFoundMessage);
    throw new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', `insurance could not answer ${path.split('/')[1]} right now (HTTP ${status || 'no answer'}); try again shortly (nothing was changed).`, { service: 'insurance' });
  }
}
