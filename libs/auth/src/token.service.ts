import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { unauthenticated } from '@clinic-flow/platform';
import type { AuthUser } from './auth-user';
import { ROLES } from './roles';

interface Claims {
  sub: string;
  email: string;
  name: string;
  roles: string[];
  sites: string[];
}

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(user: AuthUser): Promise<string> {
    const claims: Claims = { sub: user.id, email: user.email, name: user.name, roles: user.roles, sites: user.siteIds };
    return this.jwt.signAsync(claims);
  }

  async verify(token: string): Promise<AuthUser> {
    let claims: Claims;
    try {
      claims = await this.jwt.verifyAsync<Claims>(token);
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw unauthenticated(expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.TOKEN_INVALID', expired ? 'The token has expired; log in again.' : 'The token is not valid.');
    }
    const roles = (claims.roles ?? []).filter((r): r is AuthUser['roles'][number] => (ROLES as readonly string[]).includes(r));
    return { id: claims.sub, email: claims.email, name: claims.name, roles, siteIds: claims.sites ?? [] };
  }
}
