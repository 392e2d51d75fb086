'use strict';
/*
 * Redis from Debian (apt-get when missing), one redis-server per profile with an append-only file
 * and no eviction, so BullMQ loses no job. Debian's own service on 6379 is stopped and disabled.
 */
const fs = require('fs');
const path = require('path');
const { isAlive, isRoot, mkdirp, run, stopPid, tcpOpen, which } = require('../lib/process');

async function redisHealthy(p) {
  if (!(await tcpOpen(p.ports.redis))) return false;
  const res = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(p.ports.redis), 'ping'], { timeoutMs: 3000 })
    .catch(() => null);
  return Boolean(res && res.code === 0 && res.stdout.trim() === 'PONG');
}

async function neutralizeDistroRedis(say, justInstalled) {
  const distroPidFiles = ['/run/redis/redis-server.pid', '/var/run/redis/redis-server.pid'];
  let pid = null;
  for (const file of distroPidFiles) {
    try {
      const candidate = Number(fs.readFileSync(file, 'utf8').trim());
      if (candidate && isAlive(candidate)) pid = candidate;
    } catch {
      // no such pid file
    }
  }
  if (!pid && !justInstalled) return;
  if (!isRoot()) {
    say('redis', `warning: the distro redis-server service is running (pid ${pid}); stop it with: sudo service redis-server stop`);
    return;
  }
  const systemd = fs.existsSync('/run/systemd/system');
  if (pid) {
    say('redis', `stopping the distro redis-server service (pid ${pid}); we run our own per-profile redis`);
    if (systemd) await run('systemctl', ['stop', 'redis-server']);
    else await run('service', ['redis-server', 'stop']);
    if (isAlive(pid)) await stopPid(pid, 10000);
  }
  // Keep it from coming back on boot.
  if (systemd) await run('systemctl', ['disable', 'redis-server']);
  else if (which('update-rc.d')) await run('update-rc.d', ['redis-server', 'disable']);
}

async function provisionRedis(say, aptInstall, n) {
  let bin = which('redis-server');
  let installed = false;
  if (!bin) {
    await aptInstall('redis', ['redis-server']);
    bin = which('redis-server');
    if (!bin) throw new Error('redis-server still not on PATH after apt-get install');
    installed = true;
  }
  await neutralizeDistroRedis(say, installed);
  const version = (await run(bin, ['--version'])).stdout.match(/v=(\S+)/);
  say('redis', `${n} redis-server ${version ? version[1] : ''} ok (${bin})`);
}

module.exports = {
  name: 'redis',
  ports: (p) => [p.ports.redis],
  // redis-server rewrites its process title to "redis-server 127.0.0.1:<port>"
  marker: (p) => `:${p.ports.redis}`,
  healthy: redisHealthy,
  async prepare(p) {
    const dir = mkdirp(path.join(p.stateDir, 'redis'));
    return {
      cmd: 'redis-server',
      args: ['--port', String(p.ports.redis), '--bind', '127.0.0.1', '--dir', dir,
        '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
        '--save', '', '--daemonize', 'no'],
    };
  },
  async provision({ say, aptInstall, tag }) {
    await provisionRedis(say, aptInstall, tag());
  },
};
