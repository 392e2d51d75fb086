import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { AUDIT_KEY } from '@clinic-flow/audit';

/**
 * Routes of billing that hold no patient data: the scrubber's rule set (its fixtures are made-up
 * claims) and code tables, procedure codes, fee schedules and billing identities (billing and
 * rendering providers' NPIs) are reference data. Encounters, accounts and statements name patients: audited.
 */
const NOT_PATIENT_DATA = ['ScrubberRulesController', 'ProcedureCodesController', 'FeeScheduleController', 'BillingProvidersController', 'RenderingProvidersController'];

/** Every controller class of the service, found from its *.controller.ts files. */
function controllers(): Array<{ name: string; target: new (...args: never[]) => unknown }> {
  const found: Array<{ name: string; target: new (...args: never[]) => unknown }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.controller.ts')) {
        for (const [name, value] of Object.entries(require(full) as Record<string, unknown>)) {
          if (typeof value === 'function' && Reflect.getMetadata(PATH_METADATA, value) !== undefined) found.push({ name, target: value as new (...args: never[]) => unknown });
        }
      }
    }
  };
  walk(path.resolve(__dirname, '..'));
  return found;
}

describe('audit coverage of billing', () => {
  it('puts every route of every controller on the audit trail (a new patient route cannot forget)', () => {
    const all = controllers();
    expect(all.length).toBeGreaterThan(1);
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(NOT_PATIENT_DATA));
    const unaudited = all
      .filter(({ name }) => !NOT_PATIENT_DATA.includes(name))
      .flatMap(({ name, target }) =>
        Object.getOwnPropertyNames(target.prototype)
          .filter((method) => method !== 'constructor' && Reflect.getMetadata(PATH_METADATA, target.prototype[method as never]) !== undefined)
          .filter((method) => !Reflect.getMetadata(AUDIT_KEY, target.prototype[method as never]) && !Reflect.getMetadata(AUDIT_KEY, target))
          .map((method) => `${name}.${method}`),
      );
    expect(unaudited).toEqual([]);
  });
});
