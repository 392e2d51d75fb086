import { Channel } from '@clinic-flow/contracts';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  /** Same key = same message: adapters pass it on so a provider can drop a resend. */
  idempotencyKey: string;
}

export interface SendResult {
  providerMessageId: string;
  /** True when the message had already been sent under this key and nothing went out now. */
  replayed?: boolean;
}

/** One way of reaching a patient. Real providers are configured by env behind this interface. */
export interface MessageChannel {
  readonly name: Channel;
  send(message: OutgoingMessage): Promise<SendResult>;
  check(): Promise<void>;
  /** Releases connections (SMTP pool) at shutdown. */
  close?(): void;
}

export const MESSAGE_CHANNELS = Symbol('MESSAGE_CHANNELS');

/**
 * Test-only fault injection: called after the provider accepted a message and before the
 * service records it, to simulate a crash in between. Never bound in production wiring.
 */
export interface SendFaults {
  afterSend?(messageId: string): void | Promise<void>;
}

export const SEND_FAULTS = Symbol('SEND_FAULTS');
