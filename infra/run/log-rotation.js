'use strict';
/*
 * Service logs under `npm start` rotate by size: `<name>.log` is the current file; when a write
 * would take it past `maxBytes` it becomes `<name>.log.1` (the older ones shift to .2, .3 ...) and
 * a new `<name>.log` starts; only `keep` rotated files are kept, the oldest is deleted. One
 * RotatingLog per service, kept across its restarts, so a service that dies and comes back goes on
 * writing where it was. Writes are synchronous: they arrive in order from the child's pipes and a
 * rotation never interleaves with a write.
 */
const fs = require('node:fs');

const DEFAULTS = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/** Rotation settings from CLINIC_FLOW_LOG_MAX_BYTES and CLINIC_FLOW_LOG_KEEP (positive integers), else the defaults. */
function rotationFromEnv(env = process.env) {
  const positive = (value, fallback) => {
    const n = Number(value);
    return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return { maxBytes: positive(env.CLINIC_FLOW_LOG_MAX_BYTES, DEFAULTS.maxBytes), keep: positive(env.CLINIC_FLOW_LOG_KEEP, DEFAULTS.keep) };
}

class RotatingLog {
  constructor(file, options = {}) {
    this.file = file;
    this.options = { ...DEFAULTS, ...options };
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
    this.rotations = 0;
  }

  /** Appends `chunk` (a Buffer or string), rotating first if it would not fit (a chunk larger than maxBytes gets a file of its own). */
  write(chunk) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.fd === undefined) return;
    if (this.size > 0 && this.size + data.length > this.options.maxBytes) this.rotate();
    fs.writeSync(this.fd, data);
    this.size += data.length;
  }

  /** `<file>` → `<file>.1`, `.1` → `.2` ... the one past `keep` deleted; a fresh `<file>` opened. */
  rotate() {
    fs.closeSync(this.fd);
    const { keep } = this.options;
    fs.rmSync(`${this.file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (fs.existsSync(`${this.file}.${i}`)) fs.renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    }
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a');
    this.size = 0;
    this.rotations += 1;
  }

  /** Writes what a stream (a child's stdout or stderr) produces. */
  follow(stream) {
    stream.on('data', (chunk) => this.write(chunk));
  }

  close() {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

module.exports = { RotatingLog, rotationFromEnv, DEFAULTS };
