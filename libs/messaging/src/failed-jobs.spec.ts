import { failedJobView, jobDataView } from './failed-jobs';

describe('what the operations console sees of a failed job', () => {
  it('shows ids, the correlation id and numbers of its data; masks any other field; leaves out the trace', () => {
    const view = jobDataView({
      reminderId: 'msg-1',
      appointmentIds: ['a-1', 'a-2'],
      correlationId: 'c-1',
      attempt: 2,
      urgent: true,
      traceparent: '00-abc-def-01',
      tracestate: 'x=y',
      email: 'zq@example.com',
      note: 'Zephyrine called',
      patientId: { nested: 'object' },
    });
    expect(view).toEqual({ reminderId: 'msg-1', appointmentIds: ['a-1', 'a-2'], correlationId: 'c-1', attempt: 2, urgent: true, email: '•••', note: '•••', patientId: '•••' });
    expect(jobDataView(null)).toEqual({});
    expect(jobDataView(['a'])).toEqual({});
  });

  it('gives the failure without contact points or quoted values, with its attempts and times', () => {
    const view = failedJobView('reminders', {
      id: 'msg-1',
      name: 'appointment-reminder',
      data: { reminderId: 'msg-1', correlationId: 'c-1' },
      attemptsMade: 5,
      opts: { attempts: 5 },
      failedReason: 'mailbox zq@example.com refused: user "Zephyrine Quillfeather" unknown (call +15550123456)',
      finishedOn: Date.parse('2026-12-02T10:00:05.000Z'),
      timestamp: Date.parse('2026-12-02T10:00:00.000Z'),
    });
    expect(view).toMatchObject({ queue: 'reminders', id: 'msg-1', name: 'appointment-reminder', attemptsMade: 5, maxAttempts: 5, failedAt: '2026-12-02T10:00:05.000Z', createdAt: '2026-12-02T10:00:00.000Z' });
    expect(view.failedReason).not.toContain('zq@example.com');
    expect(view.failedReason).not.toContain('Zephyrine');
    expect(view.failedReason).not.toContain('5550123456');
    expect(view.failedReason).toContain('refused');
  });
});
