import nodemailer, { Transporter } from 'nodemailer';
import { MessageChannel, OutgoingMessage } from './channel';

/** Email over SMTP (a local MailDev inbox in dev and tests, the clinic's relay in production). */
export class EmailChannel implements MessageChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(smtpUrl, { pool: true, maxConnections: 5 } as never);
  }

  async send(message: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      // A stable Message-ID lets mail systems recognise a resend of the same reminder.
      messageId: `<${message.idempotencyKey}@clinic-flow.local>`,
      headers: { 'X-Idempotency-Key': message.idempotencyKey },
    });
    return { providerMessageId: info.messageId };
  }

  async check(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
