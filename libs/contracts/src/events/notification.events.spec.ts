import { randomUUID } from 'node:crypto';
import { ContractViolation, parseEvent } from '../registry';
import { NotificationFailedV1, NotificationSentV1, NotificationSkippedV1 } from './notification.events';

const envelope = (type: string, data: object) =>
  JSON.stringify({ id: randomUUID(), type, version: 1, source: 'notification', time: new Date().toISOString(), subject: 'a1', siteId: 'site-downtown', correlationId: randomUUID(), causationId: null, data });

const ref = { messageId: 'm1', kind: 'appointment-reminder', appointmentId: 'a1', patientId: 'p1', scheduledFor: '2026-12-01T10:00:00.000Z' };

describe('notification events share their message reference', () => {
  it('accepts each event with the reference and its own fields', async () => {
    await expect(parseEvent(envelope(NotificationSentV1.type, { ...ref, channel: 'sms', sentAt: '2026-12-01T10:00:01.000Z' }))).resolves.toBeTruthy();
    await expect(parseEvent(envelope(NotificationFailedV1.type, { ...ref, error: 'provider down', attempts: 3 }))).resolves.toBeTruthy();
    await expect(parseEvent(envelope(NotificationSkippedV1.type, { ...ref, reason: 'no usable channel' }))).resolves.toBeTruthy();
  });

  it.each(['notification.sent', 'notification.failed', 'notification.skipped'])('refuses %s without the reference it inherits', async (type) => {
    const { messageId: _id, kind: _kind, ...rest } = ref;
    const error = await parseEvent(envelope(type, { ...rest, channel: 'sms', sentAt: '2026-12-01T10:00:01.000Z', error: 'x', attempts: 1, reason: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolation);
    expect(String((error as ContractViolation).message)).toMatch(/messageId/);
    expect(String((error as ContractViolation).message)).toMatch(/kind/);
  });
});
