import { Inject, Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { workContext } from '@clinic-flow/platform';
import { NO_SHOW_QUEUE_TOKEN } from '../timers/timers.tokens';

export const NO_SHOW_QUEUE = 'scheduling-no-show';

/** Ids and the trace only: the job re-reads the appointment when it runs. */
export interface NoShowJobData {
  appointmentId: string;
  /** The start the job was planned for (ISO); a moved appointment has another job. */
  start: string;
  correlationId: string;
}

export type NoShowJob = Job<NoShowJobData>;

/** One job per appointment and start: a duplicate plan is a no-op, a reschedule plans a new one. */
export const noShowJobId = (appointmentId: string, start: Date): string => `no-show_${appointmentId}_${start.getTime()}`;

/** Plans the automatic no-show of an appointment (a delayed BullMQ job on Redis). */
@Injectable()
export class NoShowPlanner {
  constructor(@Inject(NO_SHOW_QUEUE_TOKEN) private readonly queue: Queue<NoShowJobData>) {}

  async plan(appointment: { _id: string; start: Date }, dueAt: Date): Promise<void> {
    await this.queue.add(
      'no-show',
      { appointmentId: appointment._id, start: appointment.start.toISOString(), correlationId: workContext.correlationId() },
      {
        jobId: noShowJobId(appointment._id, appointment.start),
        delay: Math.max(0, dueAt.getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
        // Kept a while so a late duplicate event finds the id taken and plans nothing twice.
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }
}
