import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { PUBLIC_KEY } from '@clinic-flow/platform';
import { AuthGuard } from './auth.guard';
import { ROLES_KEY } from './decorators';
import { generateTokenKeyPair, parsePrivateKey, parsePublicKeys } from './keys';
import { TokenService } from './token.service';

const pair = generateTokenKeyPair('test-guard');
const publicKeys = parsePublicKeys(JSON.stringify({ keys: [pair.publicJwk] }));
const tokens = new TokenService(new JwtService({}), { verify: publicKeys, sign: parsePrivateKey(JSON.stringify(pair.privateJwk)), accessTtlSeconds: 300 });

function contextFor(metadata: Record<string, unknown>, authorization?: string): { ctx: ExecutionContext; req: { headers: Record<string, string | undefined>; user?: unknown } } {
  const handler = () => undefined;
  for (const [key, value] of Object.entries(metadata)) Reflect.defineMetadata(key, value, handler);
  const req = { headers: { authorization } };
  const ctx = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector(), tokens);
  const tokenFor = (roles: string[]) =>
    tokens.sign({ id: 'u1', email: 'a@demo.clinic', name: 'A', roles: roles as never, siteIds: ['site-downtown'] }).then((t) => `Bearer ${t}`);

  it('lets a public route through without a token', async () => {
    expect(await guard.canActivate(contextFor({ [PUBLIC_KEY]: true }).ctx)).toBe(true);
  });

  it('refuses a missing or forged token', async () => {
    await expect(guard.canActivate(contextFor({ [ROLES_KEY]: ['receptionist'] }).ctx)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    const forged = await new JwtService({ secret: 'y'.repeat(32) }).signAsync({ sub: 'u1', roles: ['office-manager'] });
    await expect(guard.canActivate(contextFor({ [ROLES_KEY]: ['receptionist'] }, `Bearer ${forged}`).ctx)).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('admits an allowed role and attaches the user', async () => {
    const { ctx, req } = contextFor({ [ROLES_KEY]: ['receptionist'] }, await tokenFor(['receptionist']));
    expect(await guard.canActivate(ctx)).toBe(true);
    expect(req.user).toMatchObject({ id: 'u1', roles: ['receptionist'], siteIds: ['site-downtown'] });
  });

  it('refuses a role not in the policy, and a route that declares no policy', async () => {
    await expect(guard.canActivate(contextFor({ [ROLES_KEY]: ['receptionist'] }, await tokenFor(['billing-coder'])).ctx)).rejects.toMatchObject({ code: 'AUTH.ROLE_FORBIDDEN' });
    await expect(guard.canActivate(contextFor({}, await tokenFor(['office-manager'])).ctx)).rejects.toMatchObject({ code: 'AUTH.NO_POLICY' });
  });
});
