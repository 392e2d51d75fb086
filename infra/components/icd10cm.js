'use strict';
/*
 * The ICD-10-CM code set (the CDC's public tabular list), provisioned once into the cache and never
 * committed. It ships inside the PyPI wheel of simple-icd-10-cm (a package registry this machine and
 * CI reach): the wheel is fetched with its sha256 checked against PyPI's metadata and against the
 * hash pinned here, the XML is taken out of it and converted once (infra/lib/icd10cm-tabular.js) into
 * the NDJSON index libs/code-sets loads. patient-records reads it from ICD10CM_PATH (the profile's).
 *
 * Data only: nothing runs, so this is provisioned, not started (see PROVISION_ORDER in infra.js).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { ICD10CM_INDEX } = require('../lib/profile');
const { mkdirp, step } = require('../lib/process');
const tabular = require('../lib/icd10cm-tabular');

const WHEEL = {
  project: 'simple-icd-10-cm',
  version: '1.5.0',
  filename: 'simple_icd_10_cm-1.5.0-py3-none-any.whl',
  sha256: '6d461d71dc26aedc530ae65f02cfb578a154e49507c32e8241e75f701d4b7e42',
};
/** The CDC release inside that wheel (its file names say April 1, 2026: FY2026 with the April update). */
const RELEASE = { date: '2026-04-01', xml: /icd10c-tabular-April-1-2026\.xml$/, codeList: /code-list-April-2026\.txt$/ };
const INDEX_FILE = ICD10CM_INDEX;
const INDEX_DIR = path.dirname(INDEX_FILE);
const SIMPLE_API = `https://pypi.org/simple/${WHEEL.project}/`;

const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

/** The index's header line when it exists and was made from this wheel in this format. */
function cachedHeader() {
  try {
    const fd = fs.openSync(INDEX_FILE, 'r');
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    const header = JSON.parse(head.toString('utf8', 0, n).split('\n')[0]);
    return header.format === tabular.INDEX_FORMAT && header.sourceSha256 === WHEEL.sha256 ? header : null;
  } catch {
    return null;
  }
}

async function fetchWheel() {
  const index = await fetch(SIMPLE_API, { headers: { accept: 'application/vnd.pypi.simple.v1+json' } });
  if (!index.ok) throw new Error(`PyPI answered ${index.status} for ${SIMPLE_API}`);
  const file = (await index.json()).files.find((f) => f.filename === WHEEL.filename);
  if (!file) throw new Error(`PyPI lists no ${WHEEL.filename}`);
  if (file.hashes?.sha256 !== WHEEL.sha256) {
    throw new Error(`PyPI's sha256 for ${WHEEL.filename} is ${file.hashes?.sha256}, not the pinned ${WHEEL.sha256}`);
  }
  const response = await fetch(file.url);
  if (!response.ok) throw new Error(`download of ${WHEEL.filename} answered ${response.status}`);
  const wheel = Buffer.from(await response.arrayBuffer());
  const actual = sha256(wheel);
  if (actual !== WHEEL.sha256) throw new Error(`${WHEEL.filename} downloaded with sha256 ${actual}, expected ${WHEEL.sha256}`);
  return wheel;
}

/** Converts the wheel's tabular XML into the index; refuses an index that lost codes of the CDC's own list. */
function buildIndex(wheel) {
  const xml = tabular.readZipEntry(wheel, (name) => RELEASE.xml.test(name));
  const codeList = tabular.readZipEntry(wheel, (name) => RELEASE.codeList.test(name));
  if (!xml || !codeList) throw new Error(`${WHEEL.filename} holds no tabular XML or code list for ${RELEASE.date}`);
  const { version, roots } = tabular.parseTabular(xml.content.toString('utf8'));
  const entries = tabular.indexEntries(roots);
  const check = tabular.compareWithCodeList(entries, codeList.content.toString('utf8'));
  if (check.missing.length) {
    throw new Error(`the ICD-10-CM index misses ${check.missing.length} codes of the CDC list (e.g. ${check.missing.slice(0, 5).join(', ')})`);
  }
  const header = {
    system: 'http://hl7.org/fhir/sid/icd-10-cm',
    version,
    release: RELEASE.date,
    source: `${WHEEL.project} ${WHEEL.version} (${path.basename(xml.name)})`,
    sourceSha256: WHEEL.sha256,
  };
  return { text: tabular.toNdjson(header, entries), entries, check };
}

async function provisionIcd10cm(say, n) {
  const cached = cachedHeader();
  if (cached) {
    say('icd10cm', `${n} ICD-10-CM ${cached.version} (${cached.release}) cached: ${cached.codes} codes (${INDEX_FILE})`);
    return;
  }
  const wheel = await step(say, 'icd10cm', `${n} download ${WHEEL.filename} from PyPI`, fetchWheel);
  const { text, entries, check } = await step(say, 'icd10cm', 'convert the tabular list into the code index', async () => buildIndex(wheel));
  mkdirp(INDEX_DIR);
  const tmp = `${INDEX_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, INDEX_FILE);
  say('icd10cm', `${entries.length} codes (${entries.filter((e) => e.b).length} billable; ${check.extra.length} newer than the flat list) -> ${INDEX_FILE}`);
}

module.exports = {
  name: 'icd10cm',
  /** Where the index is; the profiles give it to services as ICD10CM_PATH. */
  indexFile: INDEX_FILE,
  async provision({ say, tag }) {
    await provisionIcd10cm(say, tag());
  },
};
