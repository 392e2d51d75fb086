import { randomUUID } from 'node:crypto';
import { AppointmentBookedData, EventEnvelope } from '@clinic-flow/contracts';
import { loadConfig } from '@clinic-flow/platform';
import { testDataKeys, testInfraEnv, testTokenKeys } from '@clinic-flow/testing';
import { configSchema, NotificationConfig } from '../config';

/**
 * For integration tests: notification's config on the test infrastructure, with a database and
 * queue prefix of the test's own, one `PT1H` reminder step and no quiet hours; `overrides` win.
 */
export function notificationTestConfig(name: string, overrides: Record<string, string> = {}): NotificationConfig {
  const env = testInfraEnv();
  return loadConfig(configSchema, {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    MONGO_URL: env.MONGO_URL,
    MONGO_DB: `it_notification_${name}`,
    REDIS_URL: env.REDIS_URL,
    SMTP_URL: env.SMTP_URL,
    SMS_API_URL: env.SMS_SINK_URL,
    JWT_PUBLIC_KEYS: testTokenKeys().JWT_PUBLIC_KEYS,
    ...testDataKeys(),
    NOTIFICATION_SECRET: 'it-notification-secret-0123456789abcdefghijklmnop',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `it${name}`,
    QUIET_HOURS: 'off',
    REMINDER_OFFSETS: 'PT1H',
    ...overrides,
  });
}

/**
 * For integration tests: the `appointment.booked` of a 30-minute Downtown checkup starting at
 * `start`, so a one-step policy of `PT1H` plans one reminder due one hour before it.
 */
export function bookedEvent(appointmentId: string, patientId: string, start: Date, correlationId: string): EventEnvelope<AppointmentBookedData> {
  const data: AppointmentBookedData = {
    appointmentId, patientId, providerId: 'prov-ana-ruiz', providerName: 'Dr. Ana Ruiz', siteId: 'site-downtown', siteName: 'Downtown Family Clinic',
    siteTimeZone: 'America/New_York', start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString(), durationMinutes: 30,
    status: 'booked', bookedBy: 'it', revision: 1,
  };
  return { id: randomUUID(), type: 'appointment.booked', version: 2, source: 'scheduling', time: new Date().toISOString(), subject: appointmentId, siteId: 'site-downtown', correlationId, causationId: null, data };
}
