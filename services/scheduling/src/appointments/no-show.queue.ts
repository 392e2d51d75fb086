import { Inject, Injectable } from '@nestjs/common';
import { defineJobQueue, JobQueue } from '@clinic-flow/messaging';
import { workContext } from '@clinic-flow/platform';

/** Ids and the trace only: the job re-reads the appointment when it runs. */
export interface NoShowJobData {
  appointmentId: string;
  /** The start the job was planned for (ISO); a moved appointment has another job. */
  start: string;
  correlationId: string;
}

/** One job per appointment and start: a duplicate plan is a no-op, a reschedule plans a new one. */
export const noShowJobId = (appointmentId: string, start: Date): string => `no-show_${appointmentId}_${start.getTime()}`;

export const NoShowQueue = defineJobQueue<NoShowJobData>({
  name: 'scheduling-no-show',
  jobId: (data) => noShowJobId(data.appointmentId, new Date(data.start)),
  attempts: 5,
  backoffMs: 2000,
});

/** Plans the automatic no-show of an appointment (a delayed BullMQ job on Redis). */
@Injectable()
export class NoShowPlanner {
  constructor(@Inject(NoShowQueue.token) private readonly queue: JobQueue<NoShowJobData>) {}

  async plan(appointment: { _id: string; start: Date }, dueAt: Date): Promise<void> {
    await this.queue.add(
      { appointmentId: appointment._id, start: appointment.start.toISOString(), correlationId: workContext.correlationId() },
      { name: 'no-show', delayMs: dueAt.getTime() - Date.now() },
    );
  }
}
