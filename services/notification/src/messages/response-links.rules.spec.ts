import { signLink, verifyLink } from './response-links.rules';

const SECRET = 'x'.repeat(40);
const claims = { messageId: 'rem_a1_PT2H_20261203T150000Z', action: 'confirm' as const, expiresAt: new Date('2026-12-03T15:00:00Z') };

describe('confirm / cancel links', () => {
  it('round-trips: a signed token verifies to its claims before it expires', () => {
    const token = signLink(claims, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{24}$/);
    expect(verifyLink(token, SECRET, new Date('2026-12-03T14:59:59Z'))).toEqual({ ok: true, claims });
  });

  it('is expired from its expiry on', () => {
    expect(verifyLink(signLink(claims, SECRET), SECRET, new Date('2026-12-03T15:00:00Z'))).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses another secret, a changed payload or signature, and garbage', () => {
    const token = signLink(claims, SECRET);
    const now = new Date('2026-12-01T00:00:00Z');
    expect(verifyLink(token, 'y'.repeat(40), now)).toEqual({ ok: false, problem: 'invalid' });
    const cancelPayload = signLink({ ...claims, action: 'cancel' }, SECRET).split('.')[0];
    expect(verifyLink(`${cancelPayload}.${token.split('.')[1]}`, SECRET, now)).toEqual({ ok: false, problem: 'invalid' });
    expect(verifyLink(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, SECRET, now)).toEqual({ ok: false, problem: 'invalid' });
    expect(verifyLink('nonsense', SECRET, now)).toEqual({ ok: false, problem: 'invalid' });
    expect(verifyLink('', SECRET, now)).toEqual({ ok: false, problem: 'invalid' });
  });

  it('an expired forged token is invalid, not expired (the signature is checked first)', () => {
    const forged = signLink({ ...claims, expiresAt: new Date('2020-01-01T00:00:00Z') }, 'z'.repeat(40));
    expect(verifyLink(forged, SECRET, new Date())).toEqual({ ok: false, problem: 'invalid' });
  });

  it('carries a take-the-offer action, which no confirm token can be turned into', () => {
    const offer = { messageId: 'wl_offer-1', action: 'accept-offer' as const, expiresAt: new Date('2026-12-03T15:00:00Z') };
    const token = signLink(offer, SECRET);
    expect(verifyLink(token, SECRET, new Date('2026-12-03T14:00:00Z'))).toEqual({ ok: true, claims: offer });
    const confirmSignature = signLink({ ...offer, action: 'confirm' }, SECRET).split('.')[1];
    expect(verifyLink(`${token.split('.')[0]}.${confirmSignature}`, SECRET, new Date('2026-12-03T14:00:00Z'))).toEqual({ ok: false, problem: 'invalid' });
  });
});
