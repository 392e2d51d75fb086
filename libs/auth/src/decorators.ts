import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { AuthUser } from './auth-user';
import type { Role } from './roles';

export const ROLES_KEY = 'clinic-flow:roles';

/** OpenAPI extension listing an operation's allowed roles, read by the gateway's tests and docs. */
export const ROLES_EXTENSION = 'x-roles';

/**
 * The roles allowed to call a route. A route without it (and not @Public) is refused.
 * The same list lands in the service's OpenAPI document, so it is declared once.
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension(ROLES_EXTENSION, roles));

/** The authenticated caller of this request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
