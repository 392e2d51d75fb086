import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import { APP_CONFIG, CORRELATION_HEADER, errorMessageForLog, workContext } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';

/**
 * The copay to take at check-in, suggested by insurance's check-in estimate
 * (`GET /appointments/{id}/estimate`, its `dueTodayCents`), asked as the caller. Null when
 * insurance does not know (no answer, no estimate): the desk then gives the amount.
 */
@Injectable()
export class CheckInEstimate {
  private readonly logger = new Logger(CheckInEstimate.name);

  constructor(@Inject(APP_CONFIG) private readonly config: BillingConfig) {}

  async dueToday(appointmentId: string): Promise<number | null> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: workContext.correlationId() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    try {
      const res = await request(new URL(`/appointments/${encodeURIComponent(appointmentId)}/estimate`, this.config.INSURANCE_URL), {
        headers,
        headersTimeout: this.config.INSURANCE_TIMEOUT_MS,
        bodyTimeout: this.config.INSURANCE_TIMEOUT_MS,
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        return null;
      }
      const body = (await res.body.json()) as { dueTodayCents?: number };
      const due = body.dueTodayCents;
      return typeof due === 'number' && Number.isInteger(due) && due > 0 ? due : null;
    } catch (error) {
      this.logger.warn(`insurance did not answer the estimate of ${appointmentId}: ${errorMessageForLog(error)}`);
      return null;
    }
  }
}
