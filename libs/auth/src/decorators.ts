import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from './auth-user';
import type { Role } from './roles';

export const ROLES_KEY = 'clinic-flow:roles';

/** The roles allowed to call a route. A route without it (and not @Public) is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);


/** The authenticated caller of this request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
