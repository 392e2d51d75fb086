'use strict';
/*
 * Turns the CDC's ICD-10-CM tabular list (XML) into the compact index libs/code-sets loads: one JSON
 * line per code, parents before children. Pure functions (no I/O) so the conversion is unit-tested
 * on a small fixture; infra/components/icd10cm.js does the download and the caching.
 *
 * What the tabular list leaves implicit and the index makes explicit:
 * - a code is billable when nothing is coded below it: no child <diag>, and no 7th character to add;
 * - 7th characters (<sevenChrDef>, inherited from the nearest ancestor that defines them) make the
 *   billable codes of chapters such as injuries: the code is padded with the placeholder X to six
 *   characters and the 7th appended (S00.00 + A -> S00.00XA), "S00.00" itself is then not billable;
 * - Excludes1 notes are kept on the code that carries them (a consumer walks up the parents).
 */
const zlib = require('zlib');

/** Format of the index; bump it when the line shape changes so caches are rebuilt. */
const INDEX_FORMAT = 1;

/**
 * Reads one file out of a zip archive (a wheel) held in memory. Stored and deflated entries only,
 * which is all a wheel uses.
 */
function readZipEntry(zip, wanted) {
  const eocdSignature = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (wanted(name)) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return { name, content: Buffer.from(data) };
      if (method === 8) return { name, content: zlib.inflateRawSync(data) };
      throw new Error(`zip entry ${name} uses compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text) =>
  text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e]);
const clean = (text) => decode(text).replace(/\s+/g, ' ').trim();

/**
 * Parses the tabular XML into a tree of diag nodes: { code, desc, excludes1[], seventh?, children[] }.
 * The file is regular (elements and text, no mixed content that matters here), so a tag scanner is
 * enough and keeps the project free of an XML dependency.
 */
function parseTabular(xml) {
  const versionMatch = xml.match(/<version>([^<]*)<\/version>/);
  const roots = [];
  const stack = []; // open elements: { tag, node?, text }
  const nearestDiag = () => {
    for (let i = stack.length - 1; i >= 0; i -= 1) if (stack[i].tag === 'diag') return stack[i].node;
    return null;
  };
  const parentTag = (depth) => (stack.length > depth ? stack[stack.length - 1 - depth].tag : null);
  const tagPattern = /<(\/?)([A-Za-z0-9_.]+)((?:\s+[A-Za-z_:][-\w:.]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->/g;
  let last = 0;
  let match;
  while ((match = tagPattern.exec(xml))) {
    if (stack.length && match.index > last) stack[stack.length - 1].text += xml.slice(last, match.index);
    last = tagPattern.lastIndex;
    const [, closing, tag, attrs, selfClosing] = match;
    if (!tag) continue; // declaration or comment
    if (!closing) {
      const element = { tag, text: '', attrs: attrs || '' };
      if (tag === 'diag') {
        element.node = { code: '', desc: '', excludes1: [], children: [] };
        const parent = nearestDiag();
        (parent ? parent.children : roots).push(element.node);
      }
      if (!selfClosing) stack.push(element);
      continue;
    }
    const element = stack.pop();
    if (!element || element.tag !== tag) throw new Error(`malformed tabular XML near </${tag}>`);
    const owner = nearestDiag();
    if (!owner) continue;
    const text = clean(element.text);
    if (tag === 'name' && parentTag(0) === 'diag') owner.code = text;
    else if (tag === 'desc' && parentTag(0) === 'diag') owner.desc = text;
    else if (tag === 'note' && parentTag(0) === 'excludes1' && parentTag(1) === 'diag') owner.excludes1.push(text);
    else if (tag === 'extension' && parentTag(0) === 'sevenChrDef') {
      const char = element.attrs.match(/char\s*=\s*"([^"]*)"/);
      if (char) (owner.seventh ??= []).push({ char: char[1], desc: text });
    }
  }
  if (stack.length) throw new Error(`tabular XML ends inside <${stack[stack.length - 1].tag}>`);
  return { version: versionMatch ? versionMatch[1].trim() : 'unknown', roots };
}

/** S00.00 + A -> S00.00XA: pad with X to six characters (three before the dot, three after), then the 7th. */
function withSeventh(code, char) {
  const [category, rest = ''] = code.split('.');
  return `${category}.${rest.padEnd(3, 'X')}${char}`;
}

/**
 * The index entries, parents first: { c: code, d: description, b: billable, p?: parent code,
 * x1?: Excludes1 notes }.
 */
function indexEntries(roots) {
  const entries = [];
  const visit = (node, parent, seventh) => {
    const inherited = node.seventh ?? seventh;
    const leaf = node.children.length === 0;
    const entry = { c: node.code, d: node.desc, b: leaf && !inherited };
    if (parent) entry.p = parent;
    if (node.excludes1.length) entry.x1 = node.excludes1;
    entries.push(entry);
    for (const child of node.children) visit(child, node.code, inherited);
    if (leaf && inherited) {
      for (const { char, desc } of inherited) entries.push({ c: withSeventh(node.code, char), d: `${node.desc}, ${desc}`, b: true, p: node.code });
    }
  };
  for (const root of roots) visit(root, undefined, undefined);
  return entries;
}

/**
 * Checks the index against the CDC's flat code list shipped beside the XML (codes without dots,
 * with chapter numbers and block ranges mixed in): the same codes, or the conversion is wrong.
 */
function compareWithCodeList(entries, codeListText) {
  const listed = new Set(codeListText.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^[A-Z][0-9][0-9A-Z]/.test(l) && !l.includes('-')));
  const ours = new Set(entries.map((e) => e.c.replace('.', '')));
  const missing = [...listed].filter((c) => !ours.has(c));
  const extra = [...ours].filter((c) => !listed.has(c));
  return { listed: listed.size, missing, extra };
}

/** The NDJSON text of the index: a header line, then one line per code. */
function toNdjson(header, entries) {
  return [JSON.stringify({ format: INDEX_FORMAT, ...header, codes: entries.length }), ...entries.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

module.exports = { INDEX_FORMAT, readZipEntry, parseTabular, indexEntries, withSeventh, compareWithCodeList, toNdjson };
