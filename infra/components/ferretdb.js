'use strict';
/*
 * The MongoDB of this machine: FerretDB v1.24.2 on SQLite, built once with Go from the module
 * proxy (with the patches below) and run as the 'mongo' component.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { CACHE_DIR } = require('../lib/profile');
const { makeWritable, mkdirp, requireFromRepo, run, runOrThrow, step, tailText, tcpOpen, which } = require('../lib/process');

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_SRC = path.join(CACHE_DIR, 'src', `ferretdb-${FERRETDB_VERSION}`);
/**
 * Fixes applied to FerretDB's source before it is built; the suffix of the binary's name changes
 * with them, so a cache holding an unpatched build is rebuilt.
 *
 * 1. Its SQLite backend creates the unique `_id` index on `_ferretdb_sjson->"_id"` but queries,
 *    updates and deletes filter on `_ferretdb_sjson->'$._id'`: the same value, yet SQLite's planner
 *    matches index expressions by their text, so every lookup by `_id` scanned the whole table
 *    (measured: an update by `_id` took 2.7 ms in a collection of 100 documents and 19 ms in one of
 *    3,000; EXPLAIN QUERY PLAN says SCAN). Filtering on the index's own expression makes it a SEARCH.
 * 2. Its SQLite backend pushes `_id` down only when the filter is exactly `{_id: <string>}`, so a
 *    conditional update (`{_id, status}`, the outbox relay's `{_id, version}`) scanned the whole
 *    collection. The backend's rows are a pre-filter: every handler applies the full filter again
 *    (find, update, delete, findAndModify, count, distinct, aggregate all do), so narrowing to the one
 *    `_id` whenever the filter names it once (duplicate keys would panic in Get) is safe.
 */
const FERRETDB_PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
  },
  {
    // The first occurrence is in Query (the second, in Explain, only reports).
    file: 'internal/backends/sqlite/collection.go',
    from: 'if params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")',
    to: 'if cfSingleIDKey(params.Filter) {\n\t\tv, _ := params.Filter.Get("_id")',
    append: [
      '',
      '// cfSingleIDKey reports whether the filter names _id exactly once (clinic-flow patch: push _id',
      '// down for any such filter; the handlers filter the rows again).',
      'func cfSingleIDKey(filter *types.Document) bool {',
      '\tn := 0',
      '\tfor _, k := range filter.Keys() {',
      '\t\tif k == "_id" {',
      '\t\t\tn++',
      '\t\t}',
      '\t}',
      '',
      '\treturn n == 1',
      '}',
      '',
    ].join('\n'),
  },
];
const FERRETDB_BUILD = `${FERRETDB_VERSION}-cf${FERRETDB_PATCHES.length}`;
const FERRETDB_BIN = path.join(CACHE_DIR, 'bin', `ferretdb-${FERRETDB_BUILD}`);

async function mongoHealthy(p) {
  if (!(await tcpOpen(p.ports.mongo))) return false;
  const { MongoClient } = requireFromRepo('mongodb');
  const client = new MongoClient(p.env.MONGO_URL, {
    directConnection: true,
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
  });
  try {
    await client.connect();
    const res = await client.db('admin').command({ ping: 1 });
    return res.ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

async function provisionFerretDb(say, n) {
  if (fs.existsSync(FERRETDB_BIN)) {
    say('ferretdb', `${n} ferretdb ${FERRETDB_BUILD} binary cached (${FERRETDB_BIN})`);
    return;
  }
  if (!which('go')) {
    throw new Error('the Go toolchain (go) is needed once to build FerretDB; install Go 1.22+ and put it on PATH');
  }
  // Not under /tmp: a stray /tmp/go.mod would turn this into a module-mode command of some other module.
  const goEnv = { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off' };
  const buildLog = path.join(CACHE_DIR, 'logs', 'ferretdb-build.log');
  await step(say, 'ferretdb', `${n} build ${FERRETDB_BUILD} (first time, ~90s)`, async () => {
    const download = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
      { cwd: os.homedir(), env: goEnv, logFile: buildLog });
    let info;
    try {
      info = JSON.parse(download.stdout);
    } catch {
      info = {};
    }
    if (download.code !== 0 || !info.Dir) {
      throw new Error(`go mod download ${FERRETDB_MODULE}@${FERRETDB_VERSION} failed: ` +
        `${info.Error || tailText(download.stderr || download.stdout)}`);
    }

    if (fs.existsSync(FERRETDB_SRC)) {
      makeWritable(FERRETDB_SRC);
      fs.rmSync(FERRETDB_SRC, { recursive: true, force: true });
    }
    mkdirp(path.dirname(FERRETDB_SRC));
    fs.cpSync(info.Dir, FERRETDB_SRC, { recursive: true });
    makeWritable(FERRETDB_SRC);
    // The module zip ships an empty version.txt (it is filled in by FerretDB's own
    // release build); an empty one makes the binary panic at startup.
    fs.writeFileSync(path.join(FERRETDB_SRC, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    for (const patch of FERRETDB_PATCHES) {
      const file = path.join(FERRETDB_SRC, patch.file);
      const source = fs.readFileSync(file, 'utf8');
      if (!source.includes(patch.from)) throw new Error(`FerretDB ${FERRETDB_VERSION}: ${patch.file} no longer contains ${patch.from}; review FERRETDB_PATCHES`);
      fs.writeFileSync(file, source.replace(patch.from, patch.to) + (patch.append ?? ''));
    }

    const tmpBin = `${FERRETDB_BIN}.tmp-${process.pid}`;
    mkdirp(path.dirname(FERRETDB_BIN));
    try {
      await runOrThrow('go', ['build', '-o', tmpBin, './cmd/ferretdb'], { cwd: FERRETDB_SRC, env: goEnv, logFile: buildLog });
      const version = await runOrThrow(tmpBin, ['--version']);
      if (!version.stdout.includes(FERRETDB_VERSION)) {
        throw new Error(`built ferretdb reports an unexpected version:\n${version.stdout}`);
      }
      fs.renameSync(tmpBin, FERRETDB_BIN);
    } finally {
      fs.rmSync(tmpBin, { force: true });
    }
  });
}

module.exports = {
  name: 'mongo',
  ports: (p) => [p.ports.mongo],
  marker: (p) => p.stateDir,
  healthy: mongoHealthy,
  async prepare(p) {
    const dataDir = mkdirp(path.join(p.stateDir, 'ferretdb'));
    const stateDir = mkdirp(path.join(p.stateDir, 'ferretdb-state'));
    return {
      cmd: FERRETDB_BIN,
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--listen-addr=127.0.0.1:${p.ports.mongo}`,
        `--state-dir=${stateDir}`,
        '--telemetry=disable',
        '--log-level=warn',
        // The debug HTTP endpoint defaults to a fixed port (127.0.0.1:8088),
        // which would clash between the dev and test profiles.
        '--debug-addr=-',
      ],
    };
  },
  nodeModules: ['mongodb'],
  async provision({ say, tag }) {
    await provisionFerretDb(say, tag());
  },
};
