import type { SchedulingConfig } from '../config';
import type { AppointmentsRepository } from './appointments.repository';
import { NoShowQueue, noShowSource } from './no-show.queue';

/*
 * What scheduling tells the job reconciler is planned (see libs/messaging job-reconciler.ts): the
 * ids must be the ones the planners use, so a job Redis still holds is recognised and one it lost
 * is added back under the same id, due when the planner would have planned it.
 */
describe("no-shows planned for the job reconciler", () => {
  it('every open appointment has its no-show, due NO_SHOW_AFTER_MINUTES after its start, under the planner’s job id', async () => {
    const start = new Date('2026-12-03T15:00:00Z');
    const appointments = { listOpen: async () => [{ _id: 'appt-1', siteId: 'site-downtown', start, status: 'booked' as const }] } as unknown as AppointmentsRepository;
    const planned = await noShowSource.source.planned(appointments, { NO_SHOW_AFTER_MINUTES: 30 } as SchedulingConfig);
    expect(planned).toEqual([{ data: expect.objectContaining({ appointmentId: 'appt-1', start: start.toISOString() }), dueAt: new Date('2026-12-03T15:30:00Z'), name: 'no-show' }]);
    expect(NoShowQueue.jobId(planned[0].data as never)).toBe(`no-show_appt-1_${start.getTime()}`);
  });

});
