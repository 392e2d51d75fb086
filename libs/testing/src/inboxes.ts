import { testInfraEnv } from './infra';

export interface ReceivedMail {
  id: string;
  subject: string;
  text: string;
  to: Array<{ address: string }>;
  messageId?: string;
  headers?: Record<string, string>;
}

/** The MailDev inbox of the test infrastructure (a real SMTP server). */
export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const res = await fetch(`${testInfraEnv().MAIL_API_URL}/email`);
  const all = (await res.json()) as ReceivedMail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

export interface ReceivedSms {
  id: string;
  to: string;
  body: string;
  idempotencyKey?: string;
  receivedAt: string;
}

/** Messages the local SMS sink received for a number. */
export async function smsTo(phone: string): Promise<ReceivedSms[]> {
  const res = await fetch(`${testInfraEnv().SMS_SINK_URL}/messages?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { items: ReceivedSms[] }).items;
}

/** A patient's SMS reply, as the sink's inbound simulation forwards it to the configured webhook. */
export async function replySms(from: string, body: string): Promise<{ id: string; webhookStatus: number; webhookBody: unknown }> {
  const res = await fetch(`${testInfraEnv().SMS_SINK_URL}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  if (res.status !== 200) throw new Error(`SMS sink refused the reply: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; webhookStatus: number; webhookBody: unknown };
}

/** The first http(s) URL in a text whose path contains `part` (e.g. a confirm link in an email). */
export function linkIn(text: string, part = '/r/'): string | undefined {
  return text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(part));
}
