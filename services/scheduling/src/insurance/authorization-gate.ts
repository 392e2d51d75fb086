import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import { request } from 'undici';
import type { BookAppointmentRequest } from '@clinic-flow/contracts';
import { APP_CONFIG, conflict, CORRELATION_HEADER, errorMessageForLog, traceHeaders, workContext } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';

/**
 * Booking asks insurance, as the caller (token and correlation id forwarded), whether the patient's
 * primary payer blocks this visit without a prior authorization it does not have; if so booking
 * answers 409 APPOINTMENT.AUTHORIZATION_REQUIRED and books nothing. Insurance that does not answer
 * within INSURANCE_TIMEOUT_MS (or answers an error) never stops booking: the visit is booked and
 * insurance's assessment of it (visit-authorization.assessed) flags it to the desk.
 */
@Injectable()
export class AuthorizationGate {
  private readonly logger = new Logger(AuthorizationGate.name);

  constructor(@Inject(APP_CONFIG) private readonly config: SchedulingConfig) {}

  async assertBookable(booking: Pick<BookAppointmentRequest, 'patientId' | 'appointmentTypeId' | 'siteId' | 'start'>): Promise<void> {
    const answer = await this.ask(booking);
    if (answer?.blocked) {
      throw conflict(
        'APPOINTMENT.AUTHORIZATION_REQUIRED',
        `The patient's primary payer (${answer.payerId ?? 'unknown'}) requires a prior authorization for this visit on ${answer.dateOfService} and refuses bookings without it${answer.state === 'pending' ? ' (one is pending with the payer)' : ''}.`,
      );
    }
  }

  private async ask(booking: Pick<BookAppointmentRequest, 'patientId' | 'appointmentTypeId' | 'siteId' | 'start'>): Promise<{ blocked: boolean; state?: string; payerId?: string; dateOfService?: string } | null> {
    const ctx = workContext.get();
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', [CORRELATION_HEADER]: workContext.correlationId(), ...traceHeaders() };
    if (ctx?.authorization) headers.authorization = ctx.authorization;
    try {
      const res = await request(new URL('/authorization-checks', this.config.INSURANCE_URL), {
        method: 'POST',
        headers,
        body: JSON.stringify({ patientId: booking.patientId, appointmentTypeId: booking.appointmentTypeId, siteId: booking.siteId, start: booking.start }),
        headersTimeout: this.config.INSURANCE_TIMEOUT_MS,
        bodyTimeout: this.config.INSURANCE_TIMEOUT_MS,
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        this.logger.warn(`insurance answered ${res.statusCode} to the authorization check; booking goes on (the assessment will flag it)`);
        return null;
      }
      return (await res.body.json()) as { blocked: boolean; state?: string; payerId?: string; dateOfService?: string };
    } catch (error) {
      this.logger.warn(`insurance did not answer the authorization check in time; booking goes on (the assessment will flag it): ${errorMessageForLog(error)}`);
      return null;
    }
  }
}

/** Scheduling's one question to insurance: may this visit be booked without an authorization. */
@Module({ providers: [AuthorizationGate], exports: [AuthorizationGate] })
export class InsuranceModule {}
