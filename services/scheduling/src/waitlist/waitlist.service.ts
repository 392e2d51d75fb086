import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthUser, SiteScope, assertSiteAccess } from '@clinic-flow/auth';
import {
  AppointmentDto,
  OfferCloseReason,
  JoinWaitlistRequest,
  ListResponse,
  PatientOfferAcceptedData,
  WaitlistEntryDto,
  WaitlistOfferAcceptedV1,
  WaitlistOfferExpiredV1,
  WaitlistOfferMadeV1,
} from '@clinic-flow/contracts';
import { EventFactory, OutboxEntry } from '@clinic-flow/messaging';
import { APP_CONFIG, DomainError, notFound, unprocessable } from '@clinic-flow/platform';
import { Booker, bookerOf, AppointmentsService } from '../appointments/appointments.service';
import { inZone } from '../appointments/appointments.mapper';
import { CalendarRepository, isBlocking } from '../calendar/calendar.repository';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { OfferExpiryPlanner } from './offer-expiry.queue';
import { WaitlistChange, WaitlistRepository, WaitlistState } from './waitlist.repository';
import { assertOfferOpen, firstMatch, FreedSlot, holdUntil, isExpired, isLive, makeOffer, openOffer, slotOfOffer } from './waitlist.rules';
import { WaitlistEntryRecord, WaitlistOfferRecord } from './waitlist.schema';

interface SiteInfo {
  name: string;
  timeZone: string;
}

/**
 * Patients waiting for an earlier slot. When a slot frees up (cancellation, a move away) the first
 * matching waiting patient is offered it. The offer waits to be sent until notification tells the
 * patient (quiet hours may delay that); its hold of WAITLIST_OFFER_TTL_MINUTES starts then. An
 * offer whose message cannot be sent, or that was not sent by the slot's start, or whose hold ran
 * out, goes to the next matching patient. The offer locks nothing in the calendar (first come,
 * first served): accepting books it through the normal booking rules.
 */
@Injectable()
export class WaitlistService {
  private readonly logger = new Logger(WaitlistService.name);

  constructor(
    private readonly waitlist: WaitlistRepository,
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly calendar: CalendarRepository,
    private readonly appointments: AppointmentsService,
    private readonly expiry: OfferExpiryPlanner,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async join(request: JoinWaitlistRequest, user: AuthUser): Promise<WaitlistEntryDto> {
    assertSiteAccess(user, request.siteId);
    if (request.from > request.to) throw unprocessable('WAITLIST.INVALID_RANGE', 'from must not be after to.');
    const [site, type, provider] = await Promise.all([
      this.directory.findSite(request.siteId),
      this.catalog.findType(request.appointmentTypeId),
      request.providerId ? this.directory.findProvider(request.providerId) : Promise.resolve(undefined),
    ]);
    if (!site) throw unprocessable('WAITLIST.UNKNOWN_SITE', `There is no site ${request.siteId}.`);
    if (!type || !type.active) throw unprocessable('WAITLIST.UNKNOWN_TYPE', `There is no appointment type ${request.appointmentTypeId}.`);
    if (request.providerId && (!provider || !provider.siteIds.includes(site._id))) {
      throw unprocessable('WAITLIST.UNKNOWN_PROVIDER', `There is no provider ${request.providerId} at ${site.name}.`);
    }
    const now = new Date();
    const entry: WaitlistEntryRecord = {
      id: randomUUID(),
      patientId: request.patientId,
      siteId: site._id,
      appointmentTypeId: type._id,
      providerId: request.providerId,
      from: request.from,
      to: request.to,
      note: request.note,
      status: 'waiting',
      createdAt: now,
      createdBy: user.id,
      passedSlots: [],
      updatedAt: now,
    };
    await this.waitlist.change(SiteScope.of(user), site._id, (state) => ({ ...state, entries: [...state.entries, entry], events: [] }));
    return this.toDto(entry, undefined, site.timeZone);
  }

  async list(siteId: string, user: AuthUser): Promise<ListResponse<WaitlistEntryDto>> {
    assertSiteAccess(user, siteId);
    const [state, site] = await Promise.all([this.waitlist.read(SiteScope.of(user), siteId), this.directory.findSite(siteId)]);
    const items = state.entries
      .filter((e) => e.status === 'waiting' || e.status === 'offered')
      .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
      .map((e) => this.toDto(e, latestOffer(state, e.id), site?.timeZone ?? 'UTC'));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  /** Takes a patient off the waitlist; an open offer lapses and goes to the next patient. */
  async remove(entryId: string, user: AuthUser): Promise<void> {
    const siteId = await this.siteOfOrThrow(entryId, 'WAITLIST.ENTRY_NOT_FOUND');
    assertSiteAccess(user, siteId);
    const scope = SiteScope.of(user);
    const site = await this.siteInfo(siteId);
    // Read ahead, outside the lock: whether the slot of an open offer can go to the next patient.
    const pending = (await this.waitlist.read(scope, siteId)).offers.find((o) => o.entryId === entryId && isLive(o));
    const handOn = pending ? await this.handOnInfo(siteId, pending) : undefined;
    const state = await this.waitlist.change(scope, siteId, (s) => {
      const entry = s.entries.find((e) => e.id === entryId);
      if (!entry) throw notFound('WAITLIST.ENTRY_NOT_FOUND', `There is no waitlist entry ${entryId}.`);
      if (entry.status === 'removed' || entry.status === 'booked') return null;
      const now = new Date();
      const open = s.offers.find((o) => o.entryId === entryId && isLive(o));
      const next: WaitlistState = { entries: s.entries.map((e) => (e.id === entryId ? { ...e, status: 'removed' as const, updatedAt: now } : e)), offers: s.offers };
      if (!open) return { ...next, events: [] };
      return this.closeAndPassOn(next, siteId, site, open, now, 'lapsed', open.id === pending?.id ? handOn : undefined);
    });
    await this.planExpiries(siteId, state);
  }

  /**
   * A slot became free: offers it to the first matching waiting patient, once per freed slot
   * (redelivery of the event is a no-op). Past slots and slots taken again meanwhile are not offered.
   */
  async slotFreed(slot: FreedSlot): Promise<void> {
    if (slot.start.getTime() <= Date.now()) return;
    if (!(await this.isFree(slot))) return;
    const site = await this.siteInfo(slot.siteId);
    const providerName = await this.providerName(slot.providerId);
    const state = await this.waitlist.change(SiteScope.service('slot freed'), slot.siteId, (s) => {
      // One freed slot is handled once, however often its event arrives.
      if (s.offers.some((o) => o.slotKey === slot.key)) return null;
      return this.offerTo(s, slot, site, providerName, new Date());
    });
    await this.planExpiries(slot.siteId, state);
  }

  /** The expiry job: a lapsed offer (hold over, or never sent by its send-by time) is closed and the slot goes to the next matching patient. */
  expireOffer(siteId: string, offerId: string): Promise<string> {
    return this.closeUnaccepted(SiteScope.service('offer expiry'), siteId, offerId, 'lapsed', (offer, now) => isExpired(offer, now));
  }

  /**
   * The offer's message went out (notification.sent): the hold starts, until what the message
   * told the patient. Idempotent: an offer already open, taken or closed is left as it is.
   */
  async offerSent(siteId: string, offerId: string, sentAt: Date, told?: Date): Promise<void> {
    const state = await this.waitlist.change(SiteScope.service('offer message sent'), siteId, (s) => {
      const offer = s.offers.find((o) => o.id === offerId);
      const opened = offer && openOffer(offer, sentAt, told);
      if (!opened) return null;
      return { entries: s.entries, offers: s.offers.map((o) => (o.id === offerId ? opened : o)), events: [] };
    });
    await this.planExpiries(siteId, state);
  }

  /**
   * The offer's message will never go out (skipped or failed for good): nobody can be told, so the
   * offer closes at once and the slot goes to the next matching patient instead of sitting held.
   */
  offerNotSent(siteId: string, offerId: string, why: string): Promise<string> {
    this.logger.log(`offer ${offerId} could not be sent (${why})`);
    return this.closeUnaccepted(SiteScope.service('offer message not sent'), siteId, offerId, 'not-sent', (offer) => offer.status === 'waiting-to-send');
  }

  private async closeUnaccepted(scope: SiteScope, siteId: string, offerId: string, reason: OfferCloseReason, due: (offer: WaitlistOfferRecord, now: Date) => boolean): Promise<string> {
    const site = await this.siteInfo(siteId);
    const current = (await this.waitlist.read(scope, siteId)).offers.find((o) => o.id === offerId);
    if (!current || !due(current, new Date())) return current ? `not due (${current.status})` : 'gone';
    const handOn = await this.handOnInfo(siteId, current);
    let outcome = 'expired';
    const state = await this.waitlist.change(scope, siteId, (s) => {
      const offer = s.offers.find((o) => o.id === offerId);
      if (!offer || !due(offer, new Date())) {
        outcome = 'changed meanwhile';
        return null;
      }
      const now = new Date();
      const entries = s.entries.map((e) =>
        e.id === offer.entryId && e.status === 'offered' ? { ...e, status: 'waiting' as const, passedSlots: [...e.passedSlots, offer.slotKey], updatedAt: now } : e,
      );
      return this.closeAndPassOn({ entries, offers: s.offers }, siteId, site, offer, now, reason, handOn);
    });
    await this.planExpiries(siteId, state);
    return outcome;
  }

  /** Books the offered slot for the waitlisted patient (normal booking rules; first come, first served). */
  async accept(offerId: string, user: AuthUser): Promise<AppointmentDto> {
    const siteId = await this.siteOfOrThrow(offerId, 'WAITLIST.OFFER_NOT_FOUND');
    assertSiteAccess(user, siteId);
    const offer = (await this.waitlist.read(SiteScope.of(user), siteId)).offers.find((o) => o.id === offerId);
    if (!offer) throw notFound('WAITLIST.OFFER_NOT_FOUND', `There is no offer ${offerId}.`);
    return this.bookOffer(siteId, offer, bookerOf(user));
  }

  /**
   * The patient took the offer from its message (patient-response.offer-accepted): booked like a
   * staff acceptance, as the patient. Nothing happens, and it is logged, when the offer is not
   * theirs, no longer open, or the slot went meanwhile; a redelivered event finds the offer taken.
   */
  async acceptByPatient(response: PatientOfferAcceptedData): Promise<void> {
    const ignore = (why: string) => this.logger.log(`patient response ${response.responseId} to offer ${response.offerId} ignored: ${why}`);
    const offer = (await this.waitlist.read(SiteScope.service('patient response'), response.siteId)).offers.find((o) => o.id === response.offerId);
    if (!offer) return ignore('no such offer');
    if (offer.patientId !== response.patientId) return ignore('the offer is not this patient\'s');
    try {
      const appointment = await this.bookOffer(response.siteId, offer, { id: `patient:${response.patientId}`, siteIds: [response.siteId], mayOverbook: false });
      this.logger.log(`offer ${offer.id} taken by the patient (${response.via}): appointment ${appointment.id}`);
    } catch (error) {
      if (error instanceof DomainError && ['conflict', 'unprocessable', 'not-found'].includes(error.kind)) return ignore(error.message);
      throw error;
    }
  }

  private async bookOffer(siteId: string, offer: WaitlistOfferRecord, booker: Booker): Promise<AppointmentDto> {
    assertOfferOpen(offer, new Date());
    const appointment = await this.appointments.bookAs(
      {
        patientId: offer.patientId,
        providerId: offer.providerId,
        siteId,
        appointmentTypeId: offer.appointmentTypeId,
        start: new Date(offer.start).toISOString(),
        reason: `${offer.appointmentTypeName} (from the waitlist)`,
      },
      booker,
      { waitlistEntryId: offer.entryId },
    );
    await this.fulfil(siteId, offer.entryId, appointment.id);
    return appointment;
  }

  /**
   * Marks the entry booked and its open offer accepted; idempotent. Also run from the booked event
   * (it carries the entry id), so a crash between the booking and this write heals.
   */
  async fulfil(siteId: string, entryId: string, appointmentId: string): Promise<void> {
    await this.waitlist.change(SiteScope.service('waitlist fulfilment'), siteId, (s) => {
      const entry = s.entries.find((e) => e.id === entryId);
      if (!entry || entry.status === 'booked') return null;
      const now = new Date();
      const offer = s.offers.find((o) => o.entryId === entryId && isLive(o));
      const events: OutboxEntry[] = offer
        ? [
            this.events.outboxEntry(WaitlistOfferAcceptedV1, {
              subject: entryId,
              siteId,
              data: { entryId, offerId: offer.id, patientId: entry.patientId, siteId, appointmentId, closedAt: now.toISOString() },
            }),
          ]
        : [];
      return {
        entries: s.entries.map((e) => (e.id === entryId ? { ...e, status: 'booked' as const, updatedAt: now } : e)),
        offers: s.offers.map((o) => (o === offer ? { ...o, status: 'accepted' as const, appointmentId, closedAt: now } : o)),
        events,
      };
    });
  }

  /** Whether a lapsed offer's slot may go on to the next patient (still free), and the provider's name. */
  private async handOnInfo(siteId: string, offer: WaitlistOfferRecord): Promise<{ providerName: string } | undefined> {
    if (!(await this.isFree(slotOfOffer(offer, siteId, offer.patientId)))) return undefined;
    return { providerName: await this.providerName(offer.providerId) };
  }

  /** Closes a live offer as expired (event) and, when `handOn` says so, offers its slot to the next patient. */
  private closeAndPassOn(
    state: WaitlistState,
    siteId: string,
    site: SiteInfo,
    offer: WaitlistOfferRecord,
    now: Date,
    reason: OfferCloseReason,
    handOn?: { providerName: string },
  ): NonNullable<WaitlistChange> {
    const expired = this.events.outboxEntry(WaitlistOfferExpiredV1, {
      subject: offer.entryId,
      siteId,
      data: { entryId: offer.entryId, offerId: offer.id, patientId: offer.patientId, siteId, closedAt: now.toISOString(), reason },
    });
    const closed: WaitlistState = { entries: state.entries, offers: state.offers.map((o) => (o.id === offer.id ? { ...o, status: 'expired' as const, closedAt: now, closeReason: reason } : o)) };
    const slot = slotOfOffer(offer, siteId, offer.patientId);
    if (!handOn || slot.start.getTime() <= now.getTime()) return { ...closed, events: [expired] };
    const next = this.offerTo(closed, slot, site, handOn.providerName, now);
    return next ? { ...next, events: [expired, ...next.events] } : { ...closed, events: [expired] };
  }

  private offerTo(state: WaitlistState, slot: FreedSlot, site: SiteInfo, providerName: string, now: Date) {
    const entry = firstMatch(state.entries, slot, site.timeZone);
    if (!entry) return null;
    const offer = makeOffer(entry, slot, now, this.config.WAITLIST_OFFER_TTL_MINUTES);
    const made = this.events.outboxEntry(WaitlistOfferMadeV1, {
      subject: entry.id,
      siteId: slot.siteId,
      data: {
        entryId: entry.id,
        offerId: offer.id,
        patientId: entry.patientId,
        siteId: slot.siteId,
        siteName: site.name,
        siteTimeZone: site.timeZone,
        providerId: slot.providerId,
        providerName,
        appointmentTypeId: slot.appointmentTypeId,
        appointmentTypeName: slot.appointmentTypeName,
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        expiresAt: holdUntil(slot.start, now, this.config.WAITLIST_OFFER_TTL_MINUTES).toISOString(),
        holdMinutes: this.config.WAITLIST_OFFER_TTL_MINUTES,
        sendBy: slot.start.toISOString(),
      },
    });
    return {
      entries: state.entries.map((e) => (e.id === entry.id ? { ...e, status: 'offered' as const, updatedAt: now } : e)),
      offers: [...state.offers, offer],
      events: [made],
    };
  }

  /**
   * Live offers get their lapse job (unsent: at the send-by time; open: at the end of the hold);
   * idempotent, and run again whenever the freed slot's or the message's event is redelivered, so a
   * crash right after the waitlist write heals.
   */
  private async planExpiries(siteId: string, state: WaitlistState): Promise<void> {
    for (const offer of state.offers.filter(isLive)) {
      await this.expiry.plan(siteId, offer);
    }
  }

  /** Nobody holds the slot's time with the provider now (per the busy-time projection). */
  private async isFree(slot: Pick<FreedSlot, 'providerId' | 'start' | 'end'>): Promise<boolean> {
    const busy = await this.calendar.entries([slot.providerId], slot.start, slot.end);
    return !busy.some(isBlocking);
  }

  private async providerName(providerId: string): Promise<string> {
    return (await this.directory.findProvider(providerId))?.name ?? providerId;
  }

  private async siteInfo(siteId: string): Promise<SiteInfo> {
    const site = await this.directory.findSite(siteId);
    return { name: site?.name ?? siteId, timeZone: site?.timeZone ?? 'UTC' };
  }

  private async siteOfOrThrow(id: string, code: string): Promise<string> {
    const siteId = await this.waitlist.siteOf(id);
    if (!siteId) throw notFound(code, `There is no waitlist entry or offer ${id}.`);
    return siteId;
  }

  private toDto(e: WaitlistEntryRecord, offer: WaitlistOfferRecord | undefined, timeZone: string): WaitlistEntryDto {
    return {
      id: e.id,
      patientId: e.patientId,
      siteId: e.siteId,
      appointmentTypeId: e.appointmentTypeId,
      providerId: e.providerId,
      from: e.from,
      to: e.to,
      status: e.status,
      note: e.note,
      offer: offer
        ? {
            id: offer.id,
            status: offer.status,
            providerId: offer.providerId,
            appointmentTypeId: offer.appointmentTypeId,
            start: inZone(offer.start, timeZone),
            end: inZone(offer.end, timeZone),
            ...(offer.expiresAt ? { expiresAt: new Date(offer.expiresAt).toISOString() } : {}),
            ...(offer.sentAt ? { sentAt: new Date(offer.sentAt).toISOString() } : {}),
            ...(offer.status === 'waiting-to-send' && offer.sendBy ? { sendBy: new Date(offer.sendBy).toISOString() } : {}),
            ...(offer.holdMinutes !== undefined ? { holdMinutes: offer.holdMinutes } : {}),
            ...(offer.closeReason ? { closeReason: offer.closeReason } : {}),
            appointmentId: offer.appointmentId,
          }
        : undefined,
      createdAt: new Date(e.createdAt).toISOString(),
    };
  }
}

const latestOffer = (state: WaitlistState, entryId: string): WaitlistOfferRecord | undefined =>
  state.offers.filter((o) => o.entryId === entryId).sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())[0];
