import fs from 'node:fs';
import path from 'node:path';
import { DEMO_TOTP_SECRET } from '@clinic-flow/demo-data';
import { newTotpSecret, otpauthUri, totpCode, verifyTotp } from './totp';

describe('TOTP', () => {
  // RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", whose 8-digit code at 59 s is 94287082.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('computes the RFC 6238 test vector (its last six digits)', () => {
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
    expect(totpCode(rfcSecret, 1_111_111_109_000)).toBe('081804');
  });

  it('accepts the current code and a neighbouring step, nothing further', () => {
    const secret = newTotpSecret();
    const t = 1_800_000_000_000;
    expect(verifyTotp(secret, totpCode(secret, t), t)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, t - 30_000), t)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, t - 90_000), t)).toBe(false);
    expect(verifyTotp(secret, '000000', t) && totpCode(secret, t) !== '000000').toBe(false);
  });

  it('gives an otpauth URI an authenticator app reads', () => {
    const secret = newTotpSecret();
    const uri = new URL(otpauthUri(secret, 'rita@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Clinic Flow');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });
});

describe('the demo TOTP helper', () => {
  it('prints codes of the secret the demo users are enrolled with', () => {
    const script = fs.readFileSync(path.join(__dirname, '../../../../infra/run/demo-totp.js'), 'utf8');
    expect(script).toContain(`'${DEMO_TOTP_SECRET}'`);
  });
});
