import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { defineJobQueue, JobQueue, jobSource } from '@clinic-flow/messaging';
import { APP_CONFIG, workContext } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { noShowDueAt } from './appointments.rules';
import { AppointmentsRepository } from './appointments.repository';

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

/** Every appointment still booked or confirmed has its no-show planned (see JobReconciler): Redis losing the job must not leave it open for ever. */
export const noShowSource = jobSource(NoShowQueue, {
  inject: [AppointmentsRepository, APP_CONFIG],
  planned: async (appointments: AppointmentsRepository, config: SchedulingConfig) =>
    (await appointments.listOpen()).map((a) => ({
      data: { appointmentId: a._id, start: a.start.toISOString(), correlationId: randomUUID() },
      dueAt: noShowDueAt(a.start, config.NO_SHOW_AFTER_MINUTES),
      name: 'no-show',
    })),
});
