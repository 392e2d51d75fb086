import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CallerClient } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';

/**
 * The copay to take at check-in, suggested by insurance's check-in estimate
 * (`GET /appointments/{id}/estimate`, its `dueTodayCents`), asked as the caller. Null when
 * insurance does not know (no answer, no estimate): the desk then gives the amount.
 */
@Injectable()
export class CheckInEstimate {
  private readonly insurance: CallerClient;

  constructor(@Inject(APP_CONFIG) config: BillingConfig) {
    this.insurance = new CallerClient({ service: 'insurance', baseUrl: config.INSURANCE_URL, timeoutMs: config.INSURANCE_TIMEOUT_MS });
  }

  async dueToday(appointmentId: string): Promise<number | null> {
    const { body } = await this.insurance.ask<{ dueTodayCents?: number }>(`/appointments/${encodeURIComponent(appointmentId)}/estimate`);
    const due = body?.dueTodayCents;
    return typeof due === 'number' && Number.isInteger(due) && due > 0 ? due : null;
  }
}
