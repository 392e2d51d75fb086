import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { forbidden, PUBLIC_KEY, unauthenticated } from '@clinic-flow/platform';
import type { AuthUser } from './auth-user';
import { ROLES_KEY } from './decorators';
import type { Role } from './roles';
import { TokenService } from './token.service';

/**
 * A further check of a verified token, provided by the process that can make it: the gateway
 * (the only public entry) checks that the user is still active and the token not older than
 * their last change of roles or sites. Services behind it verify signature and expiry only.
 */
export interface AccessCheck {
  /** Throws (401) when the token's user may no longer act on it. */
  assertCurrent(user: AuthUser): Promise<void>;
}

export const ACCESS_CHECK = Symbol('ACCESS_CHECK');

/**
 * Every HTTP route needs a valid bearer token and a declared role policy; the caller needs one
 * of the declared roles. Deny by default: a route that forgot to declare roles is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private accessCheck?: AccessCheck | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly moduleRef?: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw unauthenticated('AUTH.UNAUTHENTICATED', 'A bearer token is required: log in at POST /api/v1/auth/login.');
    }
    const user = await this.tokens.verify(token);
    await this.check()?.assertCurrent(user);
    req.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) throw forbidden('AUTH.NO_POLICY', 'This route declares no role policy and is refused.');
    if (!user.roles.some((r) => allowed.includes(r))) {
      throw forbidden('AUTH.ROLE_FORBIDDEN', `This action needs one of the roles: ${allowed.join(', ')}.`);
    }
    return true;
  }

  private check(): AccessCheck | null {
    if (this.accessCheck === undefined) {
      try {
        this.accessCheck = this.moduleRef?.get<AccessCheck>(ACCESS_CHECK, { strict: false }) ?? null;
      } catch {
        this.accessCheck = null;
      }
    }
    return this.accessCheck;
  }
}
