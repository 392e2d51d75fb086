import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Linter } from 'eslint';
import { parser } from 'typescript-eslint';
const plugin = require('./feature-cycles.js');

/** Lints one file of a project written to a temporary `services/demo/src`, with the rule alone. */
function lint(files: Record<string, string>, file: string): string[] {
  const root = mkdtempSync(join(tmpdir(), 'feature-cycles-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      const full = join(root, 'services/demo/src', name);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    const config = [{ files: ['**/*.ts'], plugins: { cf: plugin }, languageOptions: { parser }, rules: { 'cf/no-feature-cycles': 'error' as const } }];
    return new Linter({ cwd: root }).verify(files[file], config, join(root, 'services/demo/src', file)).map((m) => m.message);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('no-feature-cycles', () => {
  // The shape the appointments and waitlist folders had: no file imports itself back, the folders do.
  const cycle = {
    'appointments/appointments.service.ts': "export class AppointmentsService {}\n",
    'appointments/appointments.consumer.ts': "import { WaitlistService } from '../waitlist/waitlist.service';\nexport const c = WaitlistService;\n",
    'waitlist/waitlist.service.ts': "import { AppointmentsService } from '../appointments/appointments.service';\nexport class WaitlistService { a = AppointmentsService; }\n",
    'config.ts': "export const config = 1;\n",
  };

  it('reports an import between folders that already depend the other way, with the path back', () => {
    expect(lint(cycle, 'waitlist/waitlist.service.ts')).toEqual([
      expect.stringContaining("Feature folder 'waitlist' imports 'appointments', which already depends on 'waitlist' (appointments/appointments.consumer.ts: '../waitlist/waitlist.service')"),
    ]);
    expect(lint(cycle, 'appointments/appointments.consumer.ts')).toHaveLength(1);
  });

  it('reports a cycle through a third folder, and re-exports and dynamic imports as imports', () => {
    const files = {
      'a/a.ts': "export * from '../b/b';\n",
      'b/b.ts': "export const b = () => import('../c/c');\n",
      'c/c.ts': "import { x } from '../a/a';\nexport const c = x;\n",
    };
    expect(lint(files, 'c/c.ts')).toEqual([expect.stringContaining("(a/a.ts: '../b/b' -> b/b.ts: '../c/c')")]);
    expect(lint(files, 'a/a.ts')).toHaveLength(1);
  });

  it('accepts folders that depend one way, files of the root, packages and imports inside a folder', () => {
    const files = {
      ...cycle,
      'appointments/appointments.consumer.ts': "import { config } from '../config';\nimport { Injectable } from '@nestjs/common';\nimport { AppointmentsService } from './appointments.service';\nexport const c = [config, Injectable, AppointmentsService];\n",
      'app.module.ts': "import { WaitlistService } from './waitlist/waitlist.service';\nexport const m = WaitlistService;\n",
    };
    expect(lint(files, 'waitlist/waitlist.service.ts')).toEqual([]);
    expect(lint(files, 'appointments/appointments.consumer.ts')).toEqual([]);
  });
});
