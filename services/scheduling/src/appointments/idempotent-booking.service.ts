import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { AppointmentDto, BookAppointmentRequest } from '@clinic-flow/contracts';
import { DomainError, isDuplicateKeyError } from '@clinic-flow/platform';
import { DirectoryRepository } from '../directory/directory.repository';
import { toAppointmentDto } from './appointments.mapper';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService, bookerOf } from './appointments.service';
import { appointmentIdFor, idempotencyOf, parseIdempotencyKey, replayOf } from './idempotency.rules';

/** Reads an appointment whatever the caller's sites are now: the key's owner is checked by the id itself. */
const REPLAY = SiteScope.service('idempotent booking replay');

export interface BookingOutcome {
  appointment: AppointmentDto;
  /** The key's first outcome answered again; nothing was booked by this request. */
  replayed: boolean;
}

/**
 * Booking with an optional Idempotency-Key (rules in idempotency.rules.ts): without a key it books
 * as before; with one, a repeat of a committed booking answers the first outcome, and a new one books
 * under the id the key gives, with the key's fingerprint in the same document write.
 */
@Injectable()
export class IdempotentBooking {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly repository: AppointmentsRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  /** `checks` run only when this request may book (not for a replay: the first outcome stands). */
  async book(request: BookAppointmentRequest, user: AuthUser, header: string | undefined, checks: () => Promise<void>): Promise<BookingOutcome> {
    const key = parseIdempotencyKey(header);
    if (key === undefined) {
      await checks();
      return { appointment: await this.appointments.book(request, user), replayed: false };
    }
    const id = appointmentIdFor(user.id, key);
    const earlier = await this.replay(id, request);
    if (earlier) return earlier;
    await checks();
    try {
      return { appointment: await this.appointments.bookAs(request, bookerOf(user), { id, idempotency: idempotencyOf(request, new Date()) }), replayed: false };
    } catch (error) {
      // A twin with this key (a retry sent while the first attempt still ran) committed first: its
      // document took the id, or its claims made this attempt's look taken. Answer its outcome.
      if (isDuplicateKeyError(error) || (error instanceof DomainError && error.kind === 'conflict')) {
        const committed = await this.replay(id, request);
        if (committed) return committed;
      }
      throw error;
    }
  }

  private async replay(id: string, request: BookAppointmentRequest): Promise<BookingOutcome | null> {
    const stored = await this.repository.findById(REPLAY, id);
    if (!stored) return null;
    const first = replayOf(stored, request, new Date());
    const timeZone = (await this.directory.findSite(first.siteId))?.timeZone ?? 'UTC';
    return { appointment: toAppointmentDto(first, timeZone), replayed: true };
  }
}
