import { dataKeyProblems } from '@clinic-flow/crypto';
import { pointsAtLocalSink } from '@clinic-flow/platform';
import type { NotificationConfig } from './config';

/** Notification refuses, in production mode, to send into the local development sinks (MailDev, the SMS sink), or to keep contacts without production data keys. */
export function productionProblems(config: NotificationConfig): string[] {
  const problems: string[] = [...dataKeyProblems(config)];
  if (pointsAtLocalSink(config.SMTP_URL)) problems.push(`SMTP_URL points at a local mail sink (${new URL(config.SMTP_URL).host}); patients would get no email. Set your SMTP relay`);
  if (pointsAtLocalSink(config.SMS_API_URL)) problems.push(`SMS_API_URL points at the local SMS sink (${new URL(config.SMS_API_URL).host}); patients would get no SMS. Set your SMS provider`);
  return problems;
}
