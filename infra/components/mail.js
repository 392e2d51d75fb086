'use strict';
/*
 * MailDev from node_modules: a real SMTP server with an inbox API, standing in for an SMTP relay.
 */
const path = require('path');
const { REPO_ROOT } = require('../lib/profile');
const { httpStatus, mkdirp, tcpOpen } = require('../lib/process');

const MAILDEV_BIN = path.join(REPO_ROOT, 'node_modules', 'maildev', 'bin', 'maildev');

async function mailHealthy(p) {
  const [smtp, web] = await Promise.all([
    tcpOpen(p.ports.smtp),
    httpStatus(`${p.env.MAIL_API_URL}/healthz`),
  ]);
  return smtp && web === 200;
}

module.exports = {
  name: 'mail',
  ports: (p) => [p.ports.smtp, p.ports.mailWeb],
  marker: (p) => p.stateDir,
  healthy: mailHealthy,
  async prepare(p) {
    const dir = mkdirp(path.join(p.stateDir, 'mail'));
    return {
      cmd: process.execPath,
      args: [MAILDEV_BIN, '--smtp', String(p.ports.smtp), '--web', String(p.ports.mailWeb),
        '--ip', '127.0.0.1', '--mail-directory', dir],
    };
  },
  nodeModules: ['maildev'],
};
