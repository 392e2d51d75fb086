'use strict';
/*
 * The current TOTP code of the demo users who sign in with a second factor (office managers,
 * billing staff; libs/demo-data DEMO_TOTP_SECRET), for trying the API by hand and for the
 * benchmark's sign-in:
 *   node infra/run/demo-totp.js
 */
const { Secret, TOTP } = require('otpauth');

const DEMO_TOTP_SECRET = 'KRUGS4ZAJFZSA5DIMUQGIZLNN4QGWZLZ';

function demoTotpCode() {
  return new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRET), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
}

if (require.main === module) process.stdout.write(`${demoTotpCode()}\n`);

module.exports = { demoTotpCode };
