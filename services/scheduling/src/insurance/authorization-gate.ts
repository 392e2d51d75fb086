import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { BookAppointmentRequest } from '@clinic-flow/contracts';
import { APP_CONFIG, CallerClient, conflict } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';

type AuthorizationCheckAnswer = { blocked: boolean; state?: string; payerId?: string; dateOfService?: string };

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

  private readonly insurance: CallerClient;

  constructor(@Inject(APP_CONFIG) config: SchedulingConfig) {
    this.insurance = new CallerClient({ service: 'insurance', baseUrl: config.INSURANCE_URL, timeoutMs: config.INSURANCE_TIMEOUT_MS });
  }

  async assertBookable(booking: Pick<BookAppointmentRequest, 'patientId' | 'appointmentTypeId' | 'siteId' | 'start'>): Promise<void> {
    const answer = await this.ask(booking);
    if (answer?.blocked) {
      throw conflict(
        'APPOINTMENT.AUTHORIZATION_REQUIRED',
        `The patient's primary payer (${answer.payerId ?? 'unknown'}) requires a prior authorization for this visit on ${answer.dateOfService} and refuses bookings without it${answer.state === 'pending' ? ' (one is pending with the payer)' : ''}.`,
      );
    }
  }

  private async ask(booking: Pick<BookAppointmentRequest, 'patientId' | 'appointmentTypeId' | 'siteId' | 'start'>): Promise<AuthorizationCheckAnswer | null> {
    const answer = await this.insurance.ask<AuthorizationCheckAnswer>('/authorization-checks', {
      method: 'POST',
      json: { patientId: booking.patientId, appointmentTypeId: booking.appointmentTypeId, siteId: booking.siteId, start: booking.start },
    });
    if (answer.status === 200 && answer.body) return answer.body;
    this.logger.warn(`insurance answered ${answer.status || 'nothing in time'} to the authorization check; booking goes on (the assessment will flag it)`);
    return null;
  }
}

/** Scheduling's one question to insurance: may this visit be booked without an authorization. */
@Module({ providers: [AuthorizationGate], exports: [AuthorizationGate] })
export class InsuranceModule {}
