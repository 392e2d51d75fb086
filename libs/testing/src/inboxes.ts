import { testInfraEnv } from './infra';

export interface ReceivedMail {
  id: string;
  subject: string;
  text: string;
  to: Array<{ address: string }>;
  messageId?: string;
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
}

/** Messages the local SMS sink received for a number. */
export async function smsTo(phone: string): Promise<ReceivedSms[]> {
  const res = await fetch(`${testInfraEnv().SMS_SINK_URL}/messages?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { items: ReceivedSms[] }).items;
}
