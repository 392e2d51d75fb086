import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard';
import { parsePrivateKey, parsePublicKeys } from './keys';
import { TOKEN_KEYS, TokenKeys, TokenService } from './token.service';

export interface AuthOptions {
  /** `JWT_PUBLIC_KEYS`: the JWK Set every service verifies tokens with. */
  publicKeys: string;
  /** `JWT_PRIVATE_KEY`: the gateway's signing key; services leave it out. */
  privateKey?: string;
  /** Access-token lifetime (the gateway's setting; services only verify expiry). */
  accessTtlSeconds?: number;
}

@Global()
@Module({})
export class AuthModule {
  /** Token verification with public keys only (the gateway adds its private key) and the global guard. */
  static forRoot(options: AuthOptions): DynamicModule {
    const keys: TokenKeys = {
      verify: parsePublicKeys(options.publicKeys),
      sign: options.privateKey ? parsePrivateKey(options.privateKey) : undefined,
      accessTtlSeconds: options.accessTtlSeconds ?? 300,
    };
    if (keys.sign && !keys.verify.some((k) => k.kid === keys.sign!.kid)) {
      throw new Error(`JWT_PUBLIC_KEYS does not contain the public key of JWT_PRIVATE_KEY (kid ${keys.sign.kid}): services could not verify the tokens`);
    }
    return {
      module: AuthModule,
      imports: [JwtModule.register({})],
      providers: [{ provide: TOKEN_KEYS, useValue: keys }, TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenService],
    };
  }
}
