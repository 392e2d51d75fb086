'use strict';
/*
 * Our SMS sink (infra/sms-sink/server.js): stands in for an SMS provider's HTTP API.
 */
const path = require('path');
const { httpStatus, mkdirp } = require('../lib/process');

const SMS_SINK = path.join(__dirname, '..', 'sms-sink', 'server.js');

async function smsSinkHealthy(p) {
  return (await httpStatus(`${p.env.SMS_SINK_URL}/health`)) === 200;
}

module.exports = {
  name: 'sms-sink',
  ports: (p) => [p.ports.smsSink],
  marker: () => path.join('sms-sink', 'server.js'),
  healthy: smsSinkHealthy,
  async prepare(p) {
    const dir = mkdirp(path.join(p.stateDir, 'sms'));
    return {
      cmd: process.execPath,
      args: [SMS_SINK],
      env: { PORT: String(p.ports.smsSink), HOST: '127.0.0.1', DATA_FILE: path.join(dir, 'messages.jsonl') },
    };
  },
};
