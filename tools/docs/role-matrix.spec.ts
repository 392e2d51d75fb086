import * as fs from 'node:fs';
import * as path from 'node:path';
import { Policies, ROLES } from '@clinic-flow/auth';

const matrix = require('./role-matrix.js') as {
  START: string;
  END: string;
  loadPolicies(): { ROLES: readonly string[]; Policies: Record<string, readonly string[]> };
  routesOf(source: string): Array<{ method: string; path: string; policy: string }>;
  currentMatrix(): string;
};

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the README role matrix', () => {
  it('is the one the code gives (run `npm run docs:roles` after changing a policy or a route)', () => {
    const block = readme.slice(readme.indexOf(matrix.START) + matrix.START.length, readme.indexOf(matrix.END)).trim();
    expect(block).toBe(matrix.currentMatrix());
  });

  it('reads the same policies the services enforce', () => {
    const loaded = matrix.loadPolicies();
    expect(loaded.ROLES).toEqual(ROLES);
    expect(loaded.Policies).toEqual(Policies);
  });

  it("finds a handler's method, path and policy, and leaves routes open to every signed-in user out", () => {
    const source = `
      @Controller('patients/:id')
      export class X {
        @Post('vitals')
        @Roles(...Policies.recordClinical)
        record() {}
        @Roles(...ROLES)
        @Get()
        mine() {}
      }`;
    expect(matrix.routesOf(source)).toEqual([{ method: 'POST', path: '/patients/{id}/vitals', policy: 'recordClinical' }]);
  });
});
