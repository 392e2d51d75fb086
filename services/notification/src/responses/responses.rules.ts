import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { PatientResponseAction } from '@clinic-flow/contracts';

/** One response per token: clicking the same link twice (or a retried POST) is the same response. */
export function responseIdOfToken(token: string): string {
  return `link_${createHash('sha256').update(token).digest('base64url').slice(0, 32)}`;
}

/**
 * Reply keywords (case, accents, spaces and punctuation ignored):
 * confirm: C, CONFIRM, YES, Y, SI, SÍ, CONFIRMAR; cancel: X, CANCEL, NO, CANCELAR.
 */
export const REPLY_KEYWORDS: Record<PatientResponseAction, string[]> = {
  confirm: ['C', 'CONFIRM', 'YES', 'Y', 'SI', 'CONFIRMAR'],
  cancel: ['X', 'CANCEL', 'NO', 'CANCELAR'],
};

export function parseReply(body: string): PatientResponseAction | null {
  const word = body
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, ' ')
    .trim()
    .split(/\s+/)[0];
  if (!word) return null;
  for (const [action, words] of Object.entries(REPLY_KEYWORDS) as Array<[PatientResponseAction, string[]]>) {
    if (words.includes(word)) return action;
  }
  return null;
}

/**
 * Signature of an inbound SMS webhook call as the provider (infra/sms-sink) computes it:
 * hex HMAC-SHA256 over "<timestamp>\n<id>\n<from>\n<body>" with the shared secret.
 */
export function inboundSignature(secret: string, message: { timestamp: string; id: string; from: string; body: string }): string {
  return createHmac('sha256', secret).update(`${message.timestamp}\n${message.id}\n${message.from}\n${message.body}`).digest('hex');
}

/** Valid signature and a timestamp within `toleranceMs` of now (a replayed old call is refused). */
export function verifyInbound(secret: string, message: { timestamp: string; id: string; from: string; body: string }, signature: string, now: Date, toleranceMs = 5 * 60_000): boolean {
  const expected = Buffer.from(inboundSignature(secret, message));
  const given = Buffer.from(signature.replace(/^sha256=/, ''));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const at = Number(message.timestamp) * 1000;
  return Number.isFinite(at) && Math.abs(now.getTime() - at) <= toleranceMs;
}
