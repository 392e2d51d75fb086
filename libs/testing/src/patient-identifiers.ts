import fs from 'node:fs';
import path from 'node:path';
import { identifiersIn, LogFinding, matchersFor, PatientIdentifier, scanLog } from './log-scan';
import { testStateDir } from './infra';

/**
 * What identifies the e2e run's test patients, one JSON line per value, in the test profile's state
 * (the e2e global setup starts it empty; the parallel e2e workers append to it).
 */
export function patientIdentifiersFile(): string {
  return path.join(testStateDir(), 'e2e-patients.ndjson');
}

/** Starts the run's record empty (the e2e global setup). */
export function resetPatientIdentifiers(): void {
  fs.mkdirSync(path.dirname(patientIdentifiersFile()), { recursive: true });
  fs.writeFileSync(patientIdentifiersFile(), '');
}

/** Records the identifying values of a request body sent to a patient route (the e2e ApiClient calls it). */
export function recordPatientIdentifiers(body: unknown): void {
  const ids = identifiersIn(body);
  if (!ids.length) return;
  fs.mkdirSync(path.dirname(patientIdentifiersFile()), { recursive: true });
  // One appendFileSync per request: a short write with O_APPEND, so parallel workers' lines never interleave.
  fs.appendFileSync(patientIdentifiersFile(), ids.map((id) => JSON.stringify(id)).join('\n') + '\n');
}

export function readPatientIdentifiers(): PatientIdentifier[] {
  const file = patientIdentifiersFile();
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PatientIdentifier);
}

/** The services' own logs of the test profile; the mail and SMS sinks' logs are test infrastructure, not services. */
export function serviceLogFiles(): string[] {
  const dir = path.join(testStateDir(), 'logs', 'services');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    // Rotated files too (`scheduling.log.1`: infra/run/log-rotation.js).
    .filter((f) => /\.log(\.\d+)?$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every line of every service log holding a recorded patient identifier. */
export function findPatientDataInServiceLogs(ids: PatientIdentifier[] = readPatientIdentifiers()): LogFinding[] {
  const matchers = matchersFor(ids);
  return serviceLogFiles().flatMap((file) => scanLog(path.basename(file), fs.readFileSync(file, 'utf8'), matchers));
}
