import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';

@Global()
@Module({})
export class AuthModule {
  /** Token verification and the global guard; the same secret at the gateway and services. */
  static forRoot(options: { secret: string; expiresInSeconds?: number }): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          secret: options.secret,
          signOptions: { expiresIn: options.expiresInSeconds ?? 8 * 3600, issuer: 'clinic-flow', audience: 'clinic-flow' },
          verifyOptions: { issuer: 'clinic-flow', audience: 'clinic-flow', algorithms: ['HS256'] },
        }),
      ],
      providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenService],
    };
  }
}
