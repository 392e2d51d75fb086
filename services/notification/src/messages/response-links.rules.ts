import { createHmac, timingSafeEqual } from 'node:crypto';
import { PatientResponseAction } from '@clinic-flow/contracts';

/*
 * Confirm / cancel links: the token names the message and the action and when it stops working,
 * and carries an HMAC of those, so nobody can make one for another appointment or action.
 * Format: base64url("<messageId>|<c|x|a>|<expires epoch s>") + "." + base64url(HMAC-SHA256)[0..24].
 * Messages carry the links (delivery signs them); responses verifies them when a patient answers.
 */

/** What a link does: confirm or cancel an appointment (reminders), or take a waitlist offer. */
export type LinkAction = PatientResponseAction | 'accept-offer';

export interface LinkClaims {
  messageId: string;
  action: LinkAction;
  expiresAt: Date;
}

const ACTION_CODES: Record<LinkAction, string> = { confirm: 'c', cancel: 'x', 'accept-offer': 'a' };
const ACTIONS_BY_CODE: Record<string, LinkAction> = { c: 'confirm', x: 'cancel', a: 'accept-offer' };
const MAC_LENGTH = 24;

const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, MAC_LENGTH);

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = Buffer.from(`${claims.messageId}|${ACTION_CODES[claims.action]}|${Math.floor(claims.expiresAt.getTime() / 1000)}`).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; problem: 'invalid' | 'expired' };

/** Signature first (a forged token learns nothing, not even whether it expired), then expiry. */
export function verifyLink(token: string, secret: string, now: Date): LinkCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) return { ok: false, problem: 'invalid' };
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'invalid' };
  const [messageId, code, expires, ...extra] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  const action = ACTIONS_BY_CODE[code ?? ''];
  const expiresAt = new Date(Number(expires) * 1000);
  if (extra.length || !messageId || !action || Number.isNaN(expiresAt.getTime())) return { ok: false, problem: 'invalid' };
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, claims: { messageId, action, expiresAt } };
}
