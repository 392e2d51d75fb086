import type { JobQueue } from '@clinic-flow/messaging';
import type { PoliciesService } from '../policies/policies.service';
import type { MessageEvents } from './message-events';
import type { MessageJobData } from './messages.queue';
import type { MessagesRepository, NewMessage } from './messages.repository';
import type { AppointmentViewRecord, MessageRecord } from './messages.schema';
import { MessagePlanningService } from './planning.service';

/** Messages stored by id, and the ids each appointment view lists (what GET /appointments/{id}/notifications reads). */
function fakeRepository() {
  const messages = new Map<string, MessageRecord>();
  const views = new Map<string, Set<string>>();
  const repository = {
    async createMessage(_scope: unknown, message: NewMessage) {
      const existing = messages.get(message._id);
      if (existing) return { record: existing, created: false };
      const record = { ...message, version: 1 } as unknown as MessageRecord;
      messages.set(message._id, record);
      return { record, created: true };
    },
    async addToView(id: string, ids: string[]) {
      views.set(id, new Set([...(views.get(id) ?? []), ...ids]));
    },
  };
  return { repository: repository as unknown as MessagesRepository, messages, views };
}

const view = (start: Date): AppointmentViewRecord => ({
  _id: 'appt-1',
  patientId: 'pat-1',
  providerName: 'Dr. Test',
  siteId: 'site-downtown',
  siteName: 'Downtown',
  siteTimeZone: 'America/New_York',
  appointmentTypeId: 'follow-up',
  start,
  status: 'booked',
  asOf: new Date(),
  reminderIds: [],
  updatedAt: new Date(),
});

describe('MessagePlanningService.planAppointmentReminders', () => {
  const policies = { effective: async () => ({ steps: [{ offset: 'PT1H' }], quietHours: null }) } as unknown as PoliciesService;
  const events = { skipped: () => ({}) } as unknown as MessageEvents;

  it('lists a reminder on its appointment after a retry whose first try stored it but failed to queue it (Redis down)', async () => {
    const { repository, messages, views } = fakeRepository();
    let redisDown = true;
    const queued: string[] = [];
    const queue = {
      async add(data: MessageJobData) {
        if (redisDown) throw new Error('Redis is not connected');
        queued.push(data.reminderId);
      },
    } as unknown as JobQueue<MessageJobData>;
    const planning = new MessagePlanningService(repository, policies, events, queue);
    const appointment = view(new Date(Date.now() + 3 * 3600_000));

    await expect(planning.planAppointmentReminders(appointment)).rejects.toThrow('Redis is not connected');
    expect(messages.size).toBe(1);
    redisDown = false;
    await planning.planAppointmentReminders(appointment);

    const [id] = messages.keys();
    expect(queued).toEqual([id]);
    expect([...(views.get('appt-1') ?? [])]).toEqual([id]);
  });

  it('plans nothing twice for a duplicate event, and the view lists the reminder once', async () => {
    const { repository, messages, views } = fakeRepository();
    const queued: string[] = [];
    const queue = { add: async (data: MessageJobData) => void queued.push(data.reminderId) } as unknown as JobQueue<MessageJobData>;
    const planning = new MessagePlanningService(repository, policies, events, queue);
    const appointment = view(new Date(Date.now() + 3 * 3600_000));

    await planning.planAppointmentReminders(appointment);
    await planning.planAppointmentReminders(appointment);

    expect(messages.size).toBe(1);
    expect(views.get('appt-1')?.size).toBe(1);
    // The queue refuses a job id it holds (deterministic ids), so the second add is harmless.
    expect(new Set(queued).size).toBe(1);
  });
});
