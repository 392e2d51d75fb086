import { OfferExpiryQueue, offerExpirySource } from './offer-expiry.queue';
import type { WaitlistRepository } from './waitlist.repository';
import type { WaitlistOfferRecord } from './waitlist.schema';

/* What the job reconciler is told is planned for offers: the planner's own job ids (by phase) and lapse times. */
describe("offer lapses planned for the job reconciler", () => {
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
