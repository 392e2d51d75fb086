'use strict';
/*
 * Prints the current TOTP code of the demo users who sign in with a second factor (office
 * managers, billing staff; libs/demo-data DEMO_TOTP_SECRET), for trying the API by hand:
 *   node infra/run/demo-totp.js
 */
const { Secret, TOTP } = require('otpauth');

const DEMO_TOTP_SECRET = 'KRUGS4ZAJFZSA5DIMUQGIZLNN4QGWZLZ';
process.stdout.write(`${new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRET), digits: 6, period: 30, algorithm: 'SHA1' }).generate()}\n`);
