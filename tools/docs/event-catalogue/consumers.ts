/*
 * Which service consumes which event: read from the handlers themselves. Every file of a
 * service (or of a lib the service imports) that declares `OnEvent(` handlers is loaded and its
 * classes' methods are asked for the event patterns Nest routes to them, so handlers attached
 * at load time (patient-records' timeline) count as well as written-out ones. Each service
 * consumes in its own consumer group, named after the service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TEST_FILE = /\.(spec|int-spec|e2e-spec|test-support)\.ts$/;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !TEST_FILE.test(entry.name) ? [full] : [];
  });
}

const declaresHandlers = (file: string) => fs.readFileSync(file, 'utf8').includes('OnEvent(');

/** Loads a handler file; one that cannot load without a running service says which it is. */
function load(file: string): Record<string, unknown> {
  try {
    return require(file);
  } catch (error) {
    throw new Error(`the event catalogue reads handlers from ${path.relative(REPO_ROOT, file)}, which failed to load: ${(error as Error).message}`);
  }
}

/** Event keys (`appointment.booked.v2`) handled by the classes a module exports. */
function handledBy(moduleExports: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const exported of Object.values(moduleExports)) {
    if (typeof exported !== 'function' || !exported.prototype) continue;
    const proto = exported.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof method !== 'function') continue;
      const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
      for (const pattern of patterns ?? []) if (typeof pattern === 'string') keys.push(pattern);
    }
  }
  return keys;
}

/**
 * Consumed event keys per service: `{ notification: ['appointment.booked.v2', ...] }`.
 * Needs TypeScript to be requirable (Jest, or tools/docs/event-catalogue/register-ts.js).
 */
export function findConsumers(root = REPO_ROOT): Record<string, string[]> {
  const libHandlers = new Map<string, string[]>();
  for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
    const files = sourceFiles(path.join(root, 'libs', lib, 'src')).filter(declaresHandlers);
    // libs/messaging defines OnEvent itself.
    const keys = files.flatMap((file) => handledBy(load(file)));
    if (keys.length) libHandlers.set(`@clinic-flow/${lib}`, keys);
  }
  const consumers: Record<string, string[]> = {};
  for (const service of fs.readdirSync(path.join(root, 'services')).sort()) {
    const files = sourceFiles(path.join(root, 'services', service, 'src'));
    const keys = files.filter(declaresHandlers).flatMap((file) => handledBy(load(file)));
    const sources = files.map((file) => fs.readFileSync(file, 'utf8'));
    for (const [lib, libKeys] of libHandlers) {
      if (sources.some((source) => source.includes(`from '${lib}'`))) keys.push(...libKeys);
    }
    if (keys.length) consumers[service] = [...new Set(keys)].sort();
  }
  return consumers;
}
