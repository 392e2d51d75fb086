'use strict';
/*
 * Our clearinghouse + payer simulator (infra/clearinghouse/server.js): answers X12 270s with 999s
 * and 271s by scenario, for eligibility in dev and tests; takes 837P claims (999 at once, 277CA and
 * 835 reports by cursor, pay cycles on demand: infra/clearinghouse/claims.js). Its DATA_DIR keeps
 * the control numbers, payer claim numbers and payment trace numbers so none is reused.
 */
const path = require('path');
const { httpStatus, mkdirp } = require('../lib/process');

const SERVER = path.join(__dirname, '..', 'clearinghouse', 'server.js');

module.exports = {
  name: 'clearinghouse',
  ports: (p) => [p.ports.clearinghouse],
  marker: () => path.join('clearinghouse', 'server.js'),
  healthy: async (p) => (await httpStatus(`${p.env.CLEARINGHOUSE_URL}/health`)) === 200,
  async prepare(p) {
    return {
      cmd: process.execPath,
      args: [SERVER],
      env: { PORT: String(p.ports.clearinghouse), HOST: '127.0.0.1', DATA_DIR: mkdirp(path.join(p.stateDir, 'clearinghouse')) },
    };
  },
};
