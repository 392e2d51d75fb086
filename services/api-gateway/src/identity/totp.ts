import { Secret, TOTP } from 'otpauth';

/*
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s steps, what every authenticator app
 * reads from an otpauth:// URI), through the otpauth library. A code of the step before or after
 * is accepted too, for clocks a little apart.
 */

const ISSUER = 'Clinic Flow';

function totp(secret: string, account = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: account, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A new 160-bit secret, base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secret: string, account: string): string {
  return totp(secret, account).toString();
}

export function verifyTotp(secret: string, code: string, now = Date.now()): boolean {
  return totp(secret).validate({ token: code, timestamp: now, window: 1 }) !== null;
}

/** The current code (tests and the demo helper). */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}
