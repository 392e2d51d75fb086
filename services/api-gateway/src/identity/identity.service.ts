import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuthUser, hashPassword, TokenService, verifyPassword } from '@clinic-flow/auth';
import { LoginResponse } from '@clinic-flow/contracts';
import { DEMO_USERS } from '@clinic-flow/demo-data';
import { APP_CONFIG, unauthenticated } from '@clinic-flow/platform';
import type { GatewayConfig } from '../config';
import { UsersRepository } from './users.repository';

@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.decoyHash = hashPassword(randomUUID());
    if (!this.config.SEED_DEMO_DATA) return;
    for (const demo of DEMO_USERS) {
      if (await this.users.exists(demo.email)) continue;
      await this.users.insertIfMissing({
        _id: randomUUID(),
        email: demo.email,
        name: demo.name,
        passwordHash: await hashPassword(this.config.DEMO_PASSWORD),
        roles: demo.roles,
        siteIds: demo.siteIds,
        active: true,
        createdAt: new Date(),
      });
    }
  }

  async login(email: string, password: string): Promise<LoginResponse> {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await this.decoyHash!), password);
    if (!user || !ok || !user.active) throw unauthenticated('AUTH.INVALID_CREDENTIALS', 'The email or password is wrong.');
    const authUser: AuthUser = { id: user._id, email: user.email, name: user.name, roles: user.roles, siteIds: user.siteIds };
    return {
      accessToken: await this.tokens.sign(authUser),
      tokenType: 'Bearer',
      expiresIn: this.config.TOKEN_TTL_SECONDS,
      user: authUser,
    };
  }
}
