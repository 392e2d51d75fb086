'use strict';
/*
 * Our card simulator (infra/payments/server.js): stands in for a card processor (authorize and
 * capture, refunds, idempotency keys) behind billing's payment adapter.
 */
const path = require('path');
const { httpStatus, mkdirp } = require('../lib/process');

const SERVER = path.join(__dirname, '..', 'payments', 'server.js');

module.exports = {
  name: 'payments',
  ports: (p) => [p.ports.payments],
  marker: () => path.join('payments', 'server.js'),
  healthy: async (p) => (await httpStatus(`${p.env.PAYMENTS_URL}/health`)) === 200,
  async prepare(p) {
    const dir = mkdirp(path.join(p.stateDir, 'payments'));
    return {
      cmd: process.execPath,
      args: [SERVER],
      env: { PORT: String(p.ports.payments), HOST: '127.0.0.1', DATA_FILE: path.join(dir, 'payments.jsonl'), SLOW_MS: process.env.PAYMENTS_SLOW_MS || '3000' },
    };
  },
};
