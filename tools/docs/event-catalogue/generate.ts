/*
 * `npm run docs:events`: writes the catalogue to docs/asyncapi.json, unless the change would
 * break an event version the checked-in catalogue already publishes (then it names each break
 * and writes nothing: publish a new version instead). `--check` only says whether the file is
 * up to date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AsyncApiDocument, buildCatalogue, CATALOGUE_FILE, currentSources, serialise } from './asyncapi';
import { ACCEPTED_WIDENINGS } from './accepted-widenings';
import { breakingChanges, describeChanges, withoutAccepted } from './compatibility';
import { findConsumers, REPO_ROOT } from './consumers';

/** The catalogue the code gives now. */
export const generateCatalogue = (): AsyncApiDocument => buildCatalogue(currentSources(findConsumers()));

/** The checked-in catalogue, or null before the first one. */
export function checkedInCatalogue(root = REPO_ROOT): AsyncApiDocument | null {
  const file = path.join(root, CATALOGUE_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AsyncApiDocument) : null;
}

export function main(args: string[], log: (line: string) => void = console.log, { root = REPO_ROOT, generate = generateCatalogue } = {}): number {
  const file = path.join(root, CATALOGUE_FILE);
  const next = generate();
  const published = checkedInCatalogue(root);
  const text = serialise(next);
  if (published && fs.readFileSync(file, 'utf8') === text) {
    log(`[docs:events] ${CATALOGUE_FILE} is up to date (${Object.keys(next.components.messages).length} messages)`);
    return 0;
  }
  if (args.includes('--check')) {
    log(`[docs:events] ${CATALOGUE_FILE} is out of date: run npm run docs:events`);
    return 1;
  }
  const breaks = published ? withoutAccepted(breakingChanges(published, next), ACCEPTED_WIDENINGS) : [];
  if (breaks.length) {
    log(`[docs:events] refused: these changes break published event versions (make them a new version instead):\n${describeChanges(breaks)}`);
    return 1;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  log(`[docs:events] wrote ${CATALOGUE_FILE} (${Object.keys(next.components.messages).length} messages on ${Object.keys(next.channels).length} channels)`);
  return 0;
}
