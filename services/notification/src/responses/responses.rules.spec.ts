import { signLink } from '../messages/response-links.rules';
import { inboundSignature, parseReply, responseIdOfToken, verifyInbound } from './responses.rules';

const SECRET = 'x'.repeat(40);
const claims = { messageId: 'rem_a1_PT2H_20261203T150000Z', action: 'confirm' as const, expiresAt: new Date('2026-12-03T15:00:00Z') };

describe('response ids', () => {
  it('gives one response id per token and different ids per action', () => {
    const confirm = signLink(claims, SECRET);
    expect(responseIdOfToken(confirm)).toBe(responseIdOfToken(confirm));
    expect(responseIdOfToken(confirm)).not.toBe(responseIdOfToken(signLink({ ...claims, action: 'cancel' }, SECRET)));
  });
});

describe('SMS reply keywords', () => {
  it.each([
    ['C', 'confirm'],
    ['confirm', 'confirm'],
    [' Yes! ', 'confirm'],
    ['Sí', 'confirm'],
    ['si gracias', 'confirm'],
    ['X', 'cancel'],
    ['cancel please', 'cancel'],
    ['NO', 'cancel'],
    ['Cancelar', 'cancel'],
    ['maybe', null],
    ['', null],
    ['??', null],
  ])('%j -> %s', (body, action) => {
    expect(parseReply(body)).toBe(action);
  });
});

describe('inbound webhook signature', () => {
  const message = { timestamp: String(Math.floor(Date.parse('2026-12-01T00:00:00Z') / 1000)), id: 'in-1', from: '+15550001111', body: 'C' };
  const now = new Date('2026-12-01T00:01:00Z');

  it('accepts the provider signature (with or without the sha256= prefix) within the tolerance', () => {
    const sig = inboundSignature(SECRET, message);
    expect(verifyInbound(SECRET, message, sig, now)).toBe(true);
    expect(verifyInbound(SECRET, message, `sha256=${sig}`, now)).toBe(true);
  });

  it('refuses a wrong secret, a changed body and a stale timestamp', () => {
    const sig = inboundSignature(SECRET, message);
    expect(verifyInbound('y'.repeat(40), message, sig, now)).toBe(false);
    expect(verifyInbound(SECRET, { ...message, body: 'X' }, sig, now)).toBe(false);
    expect(verifyInbound(SECRET, message, sig, new Date('2026-12-01T00:10:00Z'))).toBe(false);
  });
});
