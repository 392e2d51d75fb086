import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { RotatingLog, rotationFromEnv } = require('./log-rotation') as {
  RotatingLog: new (file: string, options?: { maxBytes?: number; keep?: number }) => { write(chunk: string | Buffer): void; follow(stream: NodeJS.ReadableStream): void; close(): void; rotations: number };
  rotationFromEnv: (env: Record<string, string | undefined>) => { maxBytes: number; keep: number };
};

describe('service log rotation (npm start)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-logs-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const files = () => fs.readdirSync(dir).sort();
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

  it('rotates by size, keeps the newest N files in order, deletes the oldest, and never splits a write', () => {
    const log = new RotatingLog(path.join(dir, 'scheduling.log'), { maxBytes: 20, keep: 2 });
    // Lines of 10 bytes: two fit in a file.
    for (let i = 0; i < 9; i++) log.write(`line ${i} ..\n`);
    log.close();
    expect(files()).toEqual(['scheduling.log', 'scheduling.log.1', 'scheduling.log.2']);
    expect(read('scheduling.log')).toBe('line 8 ..\n');
    expect(read('scheduling.log.1')).toBe('line 6 ..\nline 7 ..\n');
    expect(read('scheduling.log.2')).toBe('line 4 ..\nline 5 ..\n');
    expect(log.rotations).toBe(4);
  });

  it('continues an existing file after a restart of npm start, counting its size', () => {
    fs.writeFileSync(path.join(dir, 'billing.log'), '0123456789012345');
    const log = new RotatingLog(path.join(dir, 'billing.log'), { maxBytes: 20, keep: 3 });
    log.write('abc\n');
    log.write('next\n');
    log.close();
    expect(read('billing.log.1')).toBe('0123456789012345abc\n');
    expect(read('billing.log')).toBe('next\n');
  });

  it('gives a write larger than the limit a file of its own', () => {
    const log = new RotatingLog(path.join(dir, 'x.log'), { maxBytes: 10, keep: 5 });
    log.write('small\n');
    log.write('a line longer than ten bytes\n');
    log.write('after\n');
    log.close();
    expect([read('x.log.2'), read('x.log.1'), read('x.log')]).toEqual(['small\n', 'a line longer than ten bytes\n', 'after\n']);
  });

  it("writes what a child process prints to its stdout and stderr", async () => {
    const log = new RotatingLog(path.join(dir, 'child.log'), { maxBytes: 1000, keep: 2 });
    const child = spawn(process.execPath, ['-e', "console.log('to stdout'); console.error('to stderr')"], { stdio: ['ignore', 'pipe', 'pipe'] });
    log.follow(child.stdout!);
    log.follow(child.stderr!);
    await new Promise((resolve) => child.once('close', resolve));
    log.close();
    expect(read('child.log').split('\n').filter(Boolean).sort()).toEqual(['to stderr', 'to stdout']);
  });

  it('reads CLINIC_FLOW_LOG_MAX_BYTES and CLINIC_FLOW_LOG_KEEP, falling back on the defaults for anything but a positive integer', () => {
    expect(rotationFromEnv({ CLINIC_FLOW_LOG_MAX_BYTES: '1048576', CLINIC_FLOW_LOG_KEEP: '3' })).toEqual({ maxBytes: 1048576, keep: 3 });
    expect(rotationFromEnv({ CLINIC_FLOW_LOG_MAX_BYTES: 'lots', CLINIC_FLOW_LOG_KEEP: '0' })).toEqual({ maxBytes: 10 * 1024 * 1024, keep: 5 });
    expect(rotationFromEnv({})).toEqual({ maxBytes: 10 * 1024 * 1024, keep: 5 });
  });
});
