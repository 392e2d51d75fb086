import { Channel } from '@clinic-flow/contracts';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  /** Same key = same message: adapters pass it on so a provider can drop a resend. */
  idempotencyKey: string;
}

/** One way of reaching a patient. Real providers are configured by env behind this interface. */
export interface MessageChannel {
  readonly name: Channel;
  send(message: OutgoingMessage): Promise<{ providerMessageId: string }>;
  check(): Promise<void>;
}

export const MESSAGE_CHANNELS = Symbol('MESSAGE_CHANNELS');
