import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, DomainError, errorMessageForLog } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { DemoSeed } from '../availability/demo-seed';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsService, Booker } from './appointments.service';

/**
 * Patients of the demo bookings. They live in patient-records (its demo seed creates them with
 * these ids); scheduling only refers to them.
 */
export const DEMO_BOOKING_PATIENT_IDS = ['demo-patient-01', 'demo-patient-02', 'demo-patient-03', 'demo-patient-04', 'demo-patient-05', 'demo-patient-06'] as const;

interface DemoBooking {
  patient: number;
  providerId: string;
  siteId: string;
  appointmentTypeId: string;
  /** Which coming business day (0 = the first after today) and local time. */
  day: number;
  time: string;
  reason: string;
}

/** A few days of bookings inside the demo templates, at local times of each site (types with a 24-hour lead time from the second day). */
const PLAN: DemoBooking[] = [
  { patient: 0, providerId: 'prov-ana-ruiz', siteId: 'site-downtown', appointmentTypeId: 'follow-up', day: 0, time: '09:00', reason: 'Blood pressure check' },
  { patient: 1, providerId: 'prov-ana-ruiz', siteId: 'site-downtown', appointmentTypeId: 'new-patient', day: 1, time: '10:00', reason: 'New patient intake' },
  { patient: 2, providerId: 'prov-erin-walsh', siteId: 'site-downtown', appointmentTypeId: 'nurse-visit', day: 0, time: '11:00', reason: 'Flu shot' },
  { patient: 3, providerId: 'prov-david-kim', siteId: 'site-riverside', appointmentTypeId: 'annual-physical', day: 1, time: '09:00', reason: 'Annual physical' },
  { patient: 4, providerId: 'prov-david-kim', siteId: 'site-riverside', appointmentTypeId: 'follow-up', day: 1, time: '14:00', reason: 'Diabetes follow-up' },
  { patient: 5, providerId: 'prov-ana-ruiz', siteId: 'site-downtown', appointmentTypeId: 'follow-up', day: 1, time: '15:00', reason: 'Lab results' },
  { patient: 0, providerId: 'prov-erin-walsh', siteId: 'site-downtown', appointmentTypeId: 'nurse-visit', day: 2, time: '08:30', reason: 'Wound dressing' },
  { patient: 2, providerId: 'prov-david-kim', siteId: 'site-riverside', appointmentTypeId: 'follow-up', day: 2, time: '10:30', reason: 'Asthma review' },
];

const ZONES: Record<string, string> = { 'site-downtown': 'America/New_York', 'site-riverside': 'America/Chicago' };

/** The coming business days (Monday to Friday, from tomorrow) in a zone. */
export function businessDays(zone: string, count: number, now: DateTime = DateTime.now()): DateTime[] {
  const days: DateTime[] = [];
  for (let d = now.setZone(zone).startOf('day').plus({ days: 1 }); days.length < count; d = d.plus({ days: 1 })) {
    if (d.weekday <= 5) days.push(d);
  }
  return days;
}

/**
 * Books the demo bookings through the normal booking use case when SEED_DEMO_DATA=true, once:
 * a demo patient who already has appointments is skipped. A booking the rules refuse (a holiday,
 * a slot someone took) is logged and left out. Runs after the calendar set-up is seeded, in the
 * background, so start-up does not wait for it.
 */
@Injectable()
export class DemoBookingsSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoBookingsSeed.name);

  constructor(
    private readonly appointments: AppointmentsService,
    private readonly repository: AppointmentsRepository,
    private readonly calendarSetUp: DemoSeed,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SEED_DEMO_DATA) return;
    void this.calendarSetUp
      .seeded()
      .then(() => this.seed())
      .catch((error: unknown) => this.logger.warn(`demo bookings not seeded: ${errorMessageForLog(error)}`));
  }

  async seed(): Promise<number> {
    const booker: Booker = { id: 'demo-seed', siteIds: Object.keys(ZONES), mayOverbook: false };
    const fresh = new Set<number>();
    for (const [i, id] of DEMO_BOOKING_PATIENT_IDS.entries()) if (!(await this.repository.idsOfPatient(id)).length) fresh.add(i);
    let booked = 0;
    for (const b of PLAN.filter((p) => fresh.has(p.patient))) {
      const [hour, minute] = b.time.split(':').map(Number);
      const start = businessDays(ZONES[b.siteId], 3)[b.day].set({ hour, minute });
      try {
        await this.appointments.bookAs(
          { patientId: DEMO_BOOKING_PATIENT_IDS[b.patient], providerId: b.providerId, siteId: b.siteId, appointmentTypeId: b.appointmentTypeId, start: start.toUTC().toISO()!, reason: b.reason },
          booker,
        );
        booked++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.log(`demo booking ${b.providerId} ${start.toISO()} left out: ${error.code}`);
      }
    }
    if (booked) this.logger.log(`${booked} demo bookings seeded`);
    return booked;
  }
}
