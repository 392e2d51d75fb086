import { Inject, Injectable } from '@nestjs/common';
import type { AuthorizationDto, CoverageDto, PayerDto } from '@clinic-flow/contracts';
import { APP_CONFIG, CallerClient } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';

/**
 * Insurance over HTTP, asked AS THE CALLER (their authorization and correlation id forwarded, like
 * encounters' PatientSnapshots and payments' CheckInEstimate): the patient's coverages, the payer,
 * the patient's authorizations. Insurance's 404 is a 404 here; no answer is 503, nothing written.
 */
@Injectable()
export class InsuranceClient {
  private readonly insurance: CallerClient;

  constructor(@Inject(APP_CONFIG) config: BillingConfig) {
    this.insurance = new CallerClient({ service: 'insurance', baseUrl: config.INSURANCE_URL, timeoutMs: config.INSURANCE_TIMEOUT_MS });
  }

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

  private get<T>(path: string, notFoundCode: string, notFoundMessage: string): Promise<T> {
    return this.insurance.get<T>(path, notFoundCode, notFoundMessage, `insurance could not answer ${path.split('/')[1]} right now; try again shortly (nothing was changed).`);
  }
}
