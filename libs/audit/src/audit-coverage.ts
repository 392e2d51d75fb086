import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { AUDIT_KEY } from './audit.decorators';

type ControllerClass = new (...args: never[]) => unknown;

/** Every controller class under a service's source folder, found from its *.controller.ts files. */
function controllersUnder(srcDir: string): Array<{ name: string; target: ControllerClass }> {
  const found: Array<{ name: string; target: ControllerClass }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.controller.ts')) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        for (const [name, value] of Object.entries(require(full) as Record<string, unknown>)) {
          if (typeof value === 'function' && Reflect.getMetadata(PATH_METADATA, value) !== undefined) found.push({ name, target: value as ControllerClass });
        }
      }
    }
  };
  walk(srcDir);
  return found;
}

/**
 * What a service's audit-coverage spec checks: every route of every controller under `srcDir` is
 * on the audit trail (`@AuditPatientData()` on the route or its class), except the controllers the
 * service names as holding no patient data. Answers the controllers found and the routes that are
 * not audited (`Controller.method`), so a new patient route cannot forget.
 */
export function auditCoverage(srcDir: string, notPatientData: readonly string[]): { controllers: string[]; unaudited: string[] } {
  const all = controllersUnder(srcDir);
  const unaudited = all
    .filter(({ name }) => !notPatientData.includes(name))
    .flatMap(({ name, target }) =>
      Object.getOwnPropertyNames(target.prototype)
        .filter((method) => method !== 'constructor' && Reflect.getMetadata(PATH_METADATA, target.prototype[method as never]) !== undefined)
        .filter((method) => !Reflect.getMetadata(AUDIT_KEY, target.prototype[method as never]) && !Reflect.getMetadata(AUDIT_KEY, target))
        .map((method) => `${name}.${method}`),
    );
  return { controllers: all.map((c) => c.name), unaudited };
}
