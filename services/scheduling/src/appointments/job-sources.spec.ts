import type { SchedulingConfig } from '../config';
import { OfferExpiryQueue, offerExpirySource } from '../waitlist/offer-expiry.queue';
import type { WaitlistRepository } from '../waitlist/waitlist.repository';
import type { WaitlistOfferRecord } from '../waitlist/waitlist.schema';
import type { AppointmentsRepository } from './appointments.repository';
import { NoShowQueue, noShowSource } from './no-show.queue';

/*
 * What scheduling tells the job reconciler is planned (see libs/messaging job-reconciler.ts): the
 * ids must be the ones the planners use, so a job Redis still holds is recognised and one it lost
 * is added back under the same id, due when the planner would have planned it.
 */
describe("scheduling's planned jobs for the reconciler", () => {
  it('every open appointment has its no-show, due NO_SHOW_AFTER_MINUTES after its start, under the planner’s job id', async () => {
    const start = new Date('2026-12-03T15:00:00Z');
    const appointments = { listOpen: async () => [{ _id: 'appt-1', siteId: 'site-downtown', start, status: 'booked' as const }] } as unknown as AppointmentsRepository;
    const planned = await noShowSource.source.planned(appointments, { NO_SHOW_AFTER_MINUTES: 30 } as SchedulingConfig);
    expect(planned).toEqual([{ data: expect.objectContaining({ appointmentId: 'appt-1', start: start.toISOString() }), dueAt: new Date('2026-12-03T15:30:00Z'), name: 'no-show' }]);
    expect(NoShowQueue.jobId(planned[0].data as never)).toBe(`no-show_appt-1_${start.getTime()}`);
  });

  it('every live offer has its lapse (the hold’s end when open, the send-by time while unsent), and closed offers none', async () => {
    const offer = (id: string, fields: Partial<WaitlistOfferRecord>) => ({ id, start: new Date('2026-12-03T15:00:00Z'), ...fields }) as WaitlistOfferRecord;
    const waitlists = {
      listOffers: async () => [
        {
          siteId: 'site-downtown',
          offers: [
            offer('o-open', { status: 'open', expiresAt: new Date('2026-12-02T12:00:00Z') }),
            offer('o-unsent', { status: 'waiting-to-send', sendBy: new Date('2026-12-02T11:00:00Z') }),
            offer('o-taken', { status: 'accepted' }),
            offer('o-lapsed', { status: 'expired' }),
          ],
        },
      ],
    } as unknown as WaitlistRepository;
    const planned = await offerExpirySource.source.planned(waitlists);
    expect(planned.map((p) => [OfferExpiryQueue.jobId(p.data as never), p.dueAt.toISOString()])).toEqual([
      ['offer-expiry_o-open', '2026-12-02T12:00:00.000Z'],
      ['offer-unsent_o-unsent', '2026-12-02T11:00:00.000Z'],
    ]);
  });
});
